// A blob being downloaded: the response stream, and where in the blob it starts (a registry may ignore a Range
// request and send the whole blob from byte 0). Disposing it releases the connection.
namespace Berth.Distribution;

public sealed class BlobContent : IDisposable
{
    readonly HttpResponseMessage _response;

    internal BlobContent(HttpResponseMessage response, Stream stream, long offset) => (_response, Stream, Offset) = (response, stream, offset);

    public Stream Stream { get; }

    /// <summary>The blob offset of the stream's first byte.</summary>
    public long Offset { get; }

    public void Dispose()
    {
        Stream.Dispose();
        _response.Dispose();
    }
}
