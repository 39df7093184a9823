// One ARG name with its optional default, the variable a --build-arg can set. A null default means "declared
// without one": the variable is unset unless the build passes it.
namespace Berth.Build;

public sealed record BuildArg(string Name, string? DefaultValue);
