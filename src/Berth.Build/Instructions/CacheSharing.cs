// How concurrent builds share one cache mount: all at once (shared), each its own copy (private), or one at a time
// (locked).
namespace Berth.Build;

public enum CacheSharing { Shared, Private, Locked }
