// One instruction's text after continuation lines are joined, with a map back to the physical lines, so that a
// flag or argument found at some offset in the joined text is reported at its real line and column.
using System.Text;

namespace Berth.Build;

internal sealed class LogicalLine(string file)
{
    readonly StringBuilder text = new();
    readonly List<(int Offset, int Line, int Column)> segments = [];

    public string File => file;
    public string Text => text.ToString();
    public int EndLine { get; set; }

    public void Append(string part, int line, int column)
    {
        segments.Add((text.Length, line, column));
        text.Append(part);
        EndLine = line;
    }

    public SourceLocation Locate(int offset)
    {
        var segment = segments[0];
        foreach (var candidate in segments)
        {
            if (candidate.Offset > offset)
                break;
            segment = candidate;
        }
        return new SourceLocation(file, segment.Line, segment.Column + offset - segment.Offset, EndLine);
    }
}
