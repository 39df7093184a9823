// A call to etcd that failed: etcd's own message and gRPC status code, recognised where Berth maps them to the
// storage errors (compacted, future revision).
namespace Berth.ApiServer.Storage.Etcd;

/// <summary>etcd refused or failed a call; <see cref="Code"/> is the gRPC status code it reported.</summary>
sealed class EtcdException(string path, string message, int code, Exception? inner = null)
    : IOException($"etcd {path}: {message}", inner)
{
    public int Code { get; } = code;
    public string EtcdMessage { get; } = message;
    public bool IsCompacted => EtcdMessage.Contains("required revision has been compacted", StringComparison.Ordinal);
    public bool IsFutureRevision => EtcdMessage.Contains("required revision is a future revision", StringComparison.Ordinal);
}
