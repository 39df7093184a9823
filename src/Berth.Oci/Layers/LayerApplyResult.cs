// What applying a layer did: how much it wrote, the DiffID of what it read, and what it had to leave out.
namespace Berth.Oci;

/// <param name="Entries">Tar entries applied, whiteouts included.</param>
/// <param name="BytesWritten">Bytes of regular-file content written.</param>
/// <param name="DiffId">sha256 of the uncompressed tar stream, to check against the image config's diff_ids.</param>
/// <param name="Skipped">What an unprivileged apply could not restore ("dev/null: character device 1:3").</param>
public sealed record LayerApplyResult(int Entries, long BytesWritten, Digest DiffId, IReadOnlyList<string> Skipped);
