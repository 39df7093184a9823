// RUN --security: the normal sandbox, or insecure (all capabilities), which a builder runs only when it has been
// explicitly allowed to.
namespace Berth.Build;

public enum SecurityMode { Sandbox, Insecure }
