// One page of a list: the values, the revision they were read at, and where the next page starts.
namespace Berth.ApiServer.Storage;

/// <param name="Revision">the revision the page was read at; ask the next page at this revision.</param>
/// <param name="Continue">the key the next page starts at, or null when this is the last page.</param>
public sealed record ListResult(IReadOnlyList<KeyValue> Items, long Revision, string? Continue)
{
    public bool More => Continue is not null;
}
