// Marks tests that need root (lchown to other users, device nodes, trusted.* xattrs), skipped when not root.
namespace Berth.Oci.Tests.Support;

sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess) Skip = "needs root: lchown, mknod and trusted.* xattrs";
    }
}
