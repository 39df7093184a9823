// Where an instruction, or one part of it, sits in its Dockerfile: the file, the line and column it starts at and
// the last line it spans (all 1-based), so an error can send an editor to the exact spot.
namespace Berth.Build;

public sealed record SourceLocation(string File, int Line, int Column, int EndLine)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
