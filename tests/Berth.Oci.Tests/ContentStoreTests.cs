using System.Text;
using Berth.Oci.Tests.Support;

namespace Berth.Oci.Tests;

public class ContentStoreTests : IDisposable
{
    readonly TempDir _dir = new();
    readonly ContentStore _store;

    public ContentStoreTests() => _store = new ContentStore(_dir["store"]);

    public void Dispose() => _dir.Dispose();

    static MemoryStream Content(string text) => new(Encoding.UTF8.GetBytes(text));

    string[] IngestFiles() => Directory.Exists(_dir["store/ingest"]) ? Directory.GetFiles(_dir["store/ingest"]) : [];

    [Fact]
    public async Task Ingested_blob_is_stored_under_its_digest_and_reads_back()
    {
        var blob = await _store.IngestAsync(Content("hello berth"));

        Assert.Equal(Digest.Compute("hello berth"u8), blob.Digest);
        Assert.Equal(11, blob.Size);
        Assert.Equal(_dir[$"store/blobs/sha256/{blob.Digest.Hex}"], _store.PathFor(blob.Digest));
        Assert.True(_store.Exists(blob.Digest));
        Assert.True(_store.TryGetSize(blob.Digest, out var size));
        Assert.Equal(11, size);
        using var reader = new StreamReader(_store.OpenRead(blob.Digest));
        Assert.Equal("hello berth", await reader.ReadToEndAsync());
        Assert.Empty(IngestFiles());
    }

    [Fact]
    public async Task Blob_with_expected_digest_and_size_is_accepted()
    {
        var digest = Digest.Compute("layer"u8);
        var blob = await _store.IngestAsync(Content("layer"), digest, 5);
        Assert.Equal(new BlobInfo(digest, 5), blob);
    }

    [Fact]
    public async Task Blob_with_wrong_digest_is_rejected_and_nothing_is_stored()
    {
        var claimed = Digest.Compute("something else"u8);

        var e = await Assert.ThrowsAsync<ContentMismatchException>(() => _store.IngestAsync(Content("actual content"), claimed));

        var actual = Digest.Compute("actual content"u8);
        Assert.Equal(claimed, e.Expected);
        Assert.Equal(actual, e.Actual);
        Assert.Contains(claimed.ToString(), e.Message);
        Assert.Contains(actual.ToString(), e.Message);
        Assert.False(_store.Exists(actual));
        Assert.False(_store.Exists(claimed));
        Assert.Empty(_store.List());
        Assert.Empty(IngestFiles());
    }

    [Fact]
    public async Task Blob_shorter_than_expected_size_is_rejected_and_nothing_is_stored()
    {
        var e = await Assert.ThrowsAsync<ContentMismatchException>(() => _store.IngestAsync(Content("abc"), expectedSize: 10));

        Assert.Equal(10, e.ExpectedSize);
        Assert.Equal(3, e.ActualSize);
        Assert.Contains("3 bytes but 10 were expected", e.Message);
        Assert.Empty(_store.List());
        Assert.Empty(IngestFiles());
    }

    [Fact]
    public async Task Blob_running_past_expected_size_is_cut_off_early_and_nothing_is_stored()
    {
        var endless = new EndlessStream();

        var e = await Assert.ThrowsAsync<ContentMismatchException>(() => _store.IngestAsync(endless, expectedSize: 1000));

        Assert.Null(e.Actual);
        Assert.True(endless.Served < 1 << 20, $"read {endless.Served} bytes of a stream announced as 1000");
        Assert.Contains("larger than the expected 1000 bytes", e.Message);
        Assert.Empty(_store.List());
        Assert.Empty(IngestFiles());
    }

    [Fact]
    public async Task Sha512_digests_are_verified_and_stored_under_their_algorithm()
    {
        var digest = Digest.Compute("five-twelve"u8, "sha512");
        var blob = await _store.IngestAsync(Content("five-twelve"), digest);
        Assert.Equal(digest, blob.Digest);
        Assert.True(File.Exists(_dir[$"store/blobs/sha512/{digest.Hex}"]));
    }

    [Fact]
    public async Task Concurrent_ingests_of_the_same_content_all_succeed_and_keep_one_blob()
    {
        var data = new byte[3 << 20];
        new Random(7).NextBytes(data);
        var digest = Digest.Compute(data);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _store.IngestAsync(new MemoryStream(data), digest))));

        Assert.All(results, r => Assert.Equal(new BlobInfo(digest, data.Length), r));
        Assert.Equal([new BlobInfo(digest, data.Length)], _store.List());
        Assert.Equal(data, await File.ReadAllBytesAsync(_store.PathFor(digest)));
        Assert.Empty(IngestFiles());
    }

    [Fact]
    public async Task Ingesting_content_already_stored_keeps_the_blob()
    {
        var first = await _store.IngestAsync(Content("same"));
        var second = await _store.IngestAsync(Content("same"));
        Assert.Equal(first, second);
        Assert.Single(_store.List());
    }

    [Fact]
    public void Opening_a_missing_blob_names_the_digest()
    {
        var digest = Digest.Compute("never stored"u8);
        var e = Assert.Throws<BlobNotFoundException>(() => _store.OpenRead(digest));
        Assert.Equal(digest, e.Digest);
        Assert.Contains(digest.ToString(), e.Message);
        Assert.False(_store.TryGetSize(digest, out _));
    }

    [Fact]
    public async Task Deleted_blob_is_gone_and_deleting_again_reports_it_was_not_there()
    {
        var blob = await _store.IngestAsync(Content("short-lived"));
        Assert.True(_store.Delete(blob.Digest));
        Assert.False(_store.Exists(blob.Digest));
        Assert.False(_store.Delete(blob.Digest));
        Assert.Throws<BlobNotFoundException>(() => _store.OpenRead(blob.Digest));
    }

    [Fact]
    public async Task List_returns_every_blob_and_ignores_files_that_are_not_digests()
    {
        var a = await _store.IngestAsync(Content("a"));
        var b = await _store.IngestAsync(Content("bb"));
        File.WriteAllText(_dir["store/blobs/sha256/not-a-digest"], "stray");

        Assert.Equal(new[] { a, b }.OrderBy(x => x.Digest.Hex), _store.List().OrderBy(x => x.Digest.Hex));
    }

    [Fact]
    public void Empty_store_lists_nothing_and_cleans_nothing()
    {
        Assert.Empty(_store.List());
        Assert.Equal(0, _store.CleanIngest());
    }

    [Fact]
    public void CleanIngest_removes_only_temp_files_older_than_an_hour()
    {
        var ingest = _dir.Make("store/ingest");
        var stale = Path.Combine(ingest, "sha256-unknown-stale");
        var fresh = Path.Combine(ingest, "sha256-unknown-fresh");
        File.WriteAllText(stale, "abandoned");
        File.WriteAllText(fresh, "in progress");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));
        File.SetLastWriteTimeUtc(fresh, DateTime.UtcNow.AddMinutes(-50));

        Assert.Equal(1, _store.CleanIngest());

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }

    [Fact]
    public async Task Cancelled_ingest_leaves_no_temp_file_and_no_blob()
    {
        using var cts = new CancellationTokenSource();
        var stream = new EndlessStream(afterBytes: 1 << 20, onReached: cts.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.IngestAsync(stream, ct: cts.Token));

        Assert.Empty(IngestFiles());
        Assert.Empty(_store.List());
    }

    [Fact]
    public void Empty_digest_has_no_path()
    {
        Assert.Throws<ArgumentException>(() => _store.PathFor(default));
    }

    /// <summary>Produces bytes forever, counting them; optionally calls back once it has produced enough.</summary>
    sealed class EndlessStream(long afterBytes = long.MaxValue, Action? onReached = null) : Stream
    {
        public long Served { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'x');
            Served += count;
            if (Served >= afterBytes) onReached?.Invoke();
            return count;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

[Collection(NonParallel.Name)]
public class ContentStoreStreamingTests
{
    [Fact]
    public async Task Ingesting_a_large_blob_streams_it_without_holding_it_in_memory()
    {
        using var dir = new TempDir();
        var store = new ContentStore(dir.Path);
        const long size = 96L << 20;
        var content = new GeneratedStream(size);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var blob = await store.IngestAsync(content, expectedSize: size);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(size, blob.Size);
        Assert.Equal(size, new FileInfo(store.PathFor(blob.Digest)).Length);
        Assert.True(allocated < size / 8, $"ingesting {size} bytes allocated {allocated} bytes");
    }

    /// <summary>A deterministic byte pattern of a given length, generated as it is read.</summary>
    sealed class GeneratedStream(long length) : Stream
    {
        long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++) buffer[offset + i] = (byte)((_position + i) * 31);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
