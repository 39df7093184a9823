// What a list asks for: a page size, where the page starts (the previous page's continue), and the revision
// to read at, so that all pages of one list come from the same snapshot.
namespace Berth.ApiServer.Storage;

/// <param name="Limit">the most keys to return; 0 for all.</param>
/// <param name="Continue">the <see cref="ListResult.Continue"/> of the previous page, or null for the first.</param>
/// <param name="Revision">the revision to read at; 0 for the current one.</param>
public sealed record ListOptions(long Limit = 0, string? Continue = null, long Revision = 0)
{
    public static readonly ListOptions All = new();
}
