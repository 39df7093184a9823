// A Dockerfile's physical lines, read one at a time with their terminators kept: heredoc bodies keep the file's own
// line endings byte for byte, and every other reader strips them itself. A UTF-8 byte-order mark is dropped.
using System.Text;

namespace Berth.Build;

internal sealed class SourceLines(string text, string file)
{
    // BuildKit reads lines with a bufio.Scanner of Go's default 64 KiB, so a longer line is an error there.
    const int MaxLineBytes = 65535;

    int position = text.StartsWith('\uFEFF') ? 1 : 0;

    /// <summary>The 1-based number of the line last read.</summary>
    public int Number { get; private set; }

    public bool TryRead(out string line)
    {
        if (position >= text.Length)
        {
            line = "";
            return false;
        }
        var end = text.IndexOf('\n', position);
        end = end < 0 ? text.Length : end + 1;
        line = text[position..end];
        position = end;
        Number++;
        if (line.Length > MaxLineBytes / 3 && Encoding.UTF8.GetByteCount(line.TrimEnd('\n')) > MaxLineBytes)
            throw new DockerfileException(file, Number, 1,
                $"dockerfile line greater than max allowed size of {MaxLineBytes}: split it with continuation lines");
        return true;
    }
}
