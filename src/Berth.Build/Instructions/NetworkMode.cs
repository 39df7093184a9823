// RUN --network: the build network (default), no network at all (none), or the host's network stack (host).
// BuildKit reads the flag as written; a variable there is not expanded.
namespace Berth.Build;

public enum NetworkMode { Default, None, Host }
