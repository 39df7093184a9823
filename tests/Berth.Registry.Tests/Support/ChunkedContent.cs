// A request body of unknown length, so HttpClient sends it with Transfer-Encoding: chunked: the spec's
// "streamed" upload, where the registry learns the size only when the stream ends.
using System.Net;

namespace Berth.Registry.Tests.Support;

public sealed class ChunkedContent(byte[] data, int chunkSize = 4096) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < data.Length; offset += chunkSize)
        {
            await stream.WriteAsync(data.AsMemory(offset, Math.Min(chunkSize, data.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
