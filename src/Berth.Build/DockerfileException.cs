// The one error the Dockerfile front end raises: "file:line:col: reason", the form compilers use, so terminals and
// editors link it. The reason is BuildKit's wording where it has one, plus what to change when that helps.
namespace Berth.Build;

public sealed class DockerfileException(string file, int line, int column, string reason)
    : Exception($"{file}:{line}:{column}: {reason}")
{
    internal DockerfileException(SourceLocation at, string reason) : this(at.File, at.Line, at.Column, reason)
    {
    }

    public string File => file;
    public int Line => line;
    public int Column => column;

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Reason => reason;
}
