// What a registry answered to starting an upload: the blob was mounted from another repository (nothing to send),
// or an upload session was opened at Location.
namespace Berth.Distribution;

public sealed record UploadStart(bool Mounted, Uri? Location);
