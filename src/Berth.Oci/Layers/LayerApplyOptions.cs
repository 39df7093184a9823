// How LayerApplier treats whiteouts and privileged metadata.
namespace Berth.Oci;

public enum WhiteoutMode
{
    /// <summary>Flatten: a whiteout deletes the lower entry, an opaque marker empties the lower directory.</summary>
    Delete,
    /// <summary>For an overlayfs upper directory: a whiteout becomes a 0/0 character device and an opaque
    /// directory gets trusted.overlay.opaque=y; nothing lower is touched.</summary>
    Overlay,
}

public sealed record LayerApplyOptions
{
    public WhiteoutMode Whiteouts { get; init; } = WhiteoutMode.Delete;

    /// <summary>
    /// Whether to restore what only root may: owners, character and block devices, and xattrs outside user.*.
    /// When true (the default for root) failing at any of them fails the layer. When false (rootless, like
    /// tar --no-same-owner) files belong to the applying user and each device or xattr left out is listed in
    /// <see cref="LayerApplyResult.Skipped"/>, never dropped silently.
    /// </summary>
    public bool Privileged { get; init; } = Environment.IsPrivilegedProcess;
}
