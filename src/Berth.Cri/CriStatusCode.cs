// The gRPC status codes, with their wire numbers, that a CRI call ends with (grpc-status on the wire).
// CRI runtimes use them with set meanings: NotFound for an unknown pod, container or image ID, and so on.
namespace Berth.Cri;

public enum CriStatusCode
{
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    // The request is malformed whatever the runtime's state: a missing ID, a bad mount, an unknown runtime handler.
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    // The pod sandbox, container or image the request names does not exist.
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    // The request is valid but the state forbids it, e.g. starting a container that has already exited.
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    // The runtime does not implement the rpc; the kubelet then falls back where it can (events, metrics, checkpoints).
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
}
