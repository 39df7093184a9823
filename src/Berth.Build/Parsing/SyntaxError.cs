// Raised by the small parsers (durations, ports, mounts) that do not know where their text came from; the caller
// rethrows it as a located DockerfileException. It is a FormatException, which public parsers let out as is.
namespace Berth.Build;

internal sealed class SyntaxError(string reason) : FormatException(reason);
