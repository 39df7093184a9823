// What a RUN --mount provides: a directory from a stage, image or the context (bind), a persistent cache, a tmpfs,
// a secret file, or the SSH agent socket.
namespace Berth.Build;

public enum MountType { Bind, Cache, Tmpfs, Secret, Ssh }
