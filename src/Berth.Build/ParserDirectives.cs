// The parser directives a Dockerfile may open with ("# syntax=", "# escape=", "# check="). Berth is its own
// front end, so `syntax` is recorded rather than obeyed; `escape` changes how every later line is read.
namespace Berth.Build;

public sealed record ParserDirectives(string? Syntax, char EscapeToken, string? Check)
{
    public static ParserDirectives Default { get; } = new(null, '\\', null);
}
