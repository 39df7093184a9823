// Collects progress events as they are reported (synchronously, unlike Progress<T>, which posts them later),
// to assert each blob's sequence of states.
using System.Collections.Concurrent;
using Berth.Oci;

namespace Berth.Distribution.Tests.Support;

sealed class ProgressLog : IProgress<TransferProgress>
{
    readonly ConcurrentQueue<TransferProgress> _events = new();

    public void Report(TransferProgress value) => _events.Enqueue(value);

    public IReadOnlyList<TransferProgress> For(Digest digest) => _events.Where(e => e.Digest == digest).ToList();

    public IReadOnlyList<TransferState> StatesOf(Digest digest) => For(digest).Select(e => e.State).ToList();
}
