// A failed CRI call: the gRPC status code a CRI runtime would answer with, and a message that says what went wrong.
// Implementations throw it; the gRPC layer turns it into grpc-status and grpc-message, and a client turns those back.
namespace Berth.Cri;

public sealed class CriException : Exception
{
    public CriException(CriStatusCode statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        // OK is success on the wire; an exception carrying it would be reported as a successful call.
        if (statusCode == CriStatusCode.Ok)
            throw new ArgumentOutOfRangeException(nameof(statusCode), "a CRI error cannot carry status OK");
        StatusCode = statusCode;
    }

    public CriStatusCode StatusCode { get; }
}
