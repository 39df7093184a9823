// How LayerWriter encodes a layer: compression and the timestamps it records.
using System.IO.Compression;

namespace Berth.Oci;

public sealed record LayerWriterOptions
{
    /// <summary>Gzip the tar (media type tar+gzip); false writes a plain tar.</summary>
    public bool Gzip { get; init; } = true;

    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Fastest;

    /// <summary>The mtime of every entry, for reproducible layers; null keeps each file's own (in whole seconds).</summary>
    public DateTimeOffset? ModificationTime { get; init; }
}
