// Tests that need root (lchown to other users, device nodes, trusted.* xattrs) fail loudly without it;
// scripts/test.sh and CI run as root.
namespace Berth.Oci.Tests.Support;

static class Root
{
    public static void Require() =>
        Assert.True(Environment.IsPrivilegedProcess, "this test needs root (lchown, mknod, trusted.* xattrs): run it as root, as scripts/test.sh does");
}
