// Something BuildKit accepts but warns about (an empty line inside a continuation, MAINTAINER): the build goes on,
// and the CLI shows these the way it shows errors, with the place to look.
namespace Berth.Build;

public sealed record DockerfileWarning(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}
