// Maps Berth's errors to the gRPC status a CRI runtime answers with, as containerd's errdefs does for its CRI plugin:
// unknown IDs are NOT_FOUND, taken names ALREADY_EXISTS, bad requests INVALID_ARGUMENT, wrong state FAILED_PRECONDITION.
using Berth.Cri;
using Berth.Oci;
using Berth.Runtime.Images;

namespace Berth.Runtime.Cri;

static class CriErrors
{
    public static async Task<T> Translate<T>(Func<Task<T>> call)
    {
        try { return await call(); }
        catch (Exception e) when (e is not CriException and not OperationCanceledException)
        {
            throw new CriException(CodeOf(e), e.Message, e);
        }
    }

    public static CriException Unimplemented(string rpc, string why) =>
        new(CriStatusCode.Unimplemented, $"{rpc} is not implemented by berth: {why}");

    public static CriException InvalidArgument(string message) => new(CriStatusCode.InvalidArgument, message);

    public static CriException NotFound(string message) => new(CriStatusCode.NotFound, message);

    static CriStatusCode CodeOf(Exception e) => e switch
    {
        KeyNotFoundException or ImageNotFoundException or FileNotFoundException or DirectoryNotFoundException => CriStatusCode.NotFound,
        NameInUseException => CriStatusCode.AlreadyExists,
        ArgumentException or InvalidReferenceException or FormatException => CriStatusCode.InvalidArgument,
        InvalidOperationException => CriStatusCode.FailedPrecondition,
        TimeoutException => CriStatusCode.DeadlineExceeded,
        _ => CriStatusCode.Unknown,
    };
}
