// The ways a layer is refused: malformed or truncated (InvalidLayerException), or trying to reach outside the target
// directory (UnsafeLayerException). Both name the entry, so the message says which part of which layer to look at.

namespace Berth.Oci;

public class InvalidLayerException(string message, string? entry = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The tar entry being applied, or the last one applied when the next header was unreadable.</summary>
    public string? Entry => entry;

    /// <summary>The exceptions TarReader, GZipStream and a cut-off stream throw for bad input (not for I/O failures).</summary>
    internal static bool IsMalformedInput(Exception e) => e is InvalidDataException or EndOfStreamException or FormatException
        or InvalidOperationException or NotSupportedException or OverflowException or ArgumentException;

    internal static InvalidLayerException Malformed(Exception e, string? entry, bool inEntry) => e switch
    {
        EndOfStreamException => new InvalidLayerException(
            $"layer is truncated {Where(entry, inEntry)}", entry, e),
        _ => new InvalidLayerException($"layer is malformed {Where(entry, inEntry)}: {e.Message}", entry, e),
    };

    static string Where(string? entry, bool inEntry) =>
        entry is null ? "at its first entry" : inEntry ? $"in entry \"{entry}\"" : $"after entry \"{entry}\"";
}

public sealed class UnsafeLayerException(string entry, string reason)
    : InvalidLayerException($"layer refused: entry \"{entry}\" {reason}", entry)
{
    public string Reason => reason;
}
