// What lstat says about a path: the type, permissions, owner, inode and device numbers that a layer records.
// Read through statx, whose struct has one layout on every Linux architecture.
using System.Runtime.InteropServices;

namespace Berth.Oci.Native;

enum FileKind { Regular, Directory, Symlink, CharacterDevice, BlockDevice, Fifo, Socket }

readonly record struct FileStatus(
    FileKind Kind, UnixFileMode Mode, int Uid, int Gid, long Size, uint Links,
    ulong Inode, uint DeviceMajor, uint DeviceMinor, int RdevMajor, int RdevMinor, DateTimeOffset ModificationTime)
{
    internal static FileStatus From(in StatxBuffer s) => new(
        KindOf(s.Mode), (UnixFileMode)(s.Mode & 0xfff), (int)s.Uid, (int)s.Gid, (long)s.Size, s.Links,
        s.Inode, s.DeviceMajor, s.DeviceMinor, (int)s.RdevMajor, (int)s.RdevMinor,
        DateTimeOffset.FromUnixTimeSeconds(s.MtimeSeconds).AddTicks(s.MtimeNanoseconds / 100));

    static FileKind KindOf(ushort mode) => (mode & 0xf000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xa000 => FileKind.Symlink,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0x1000 => FileKind.Fifo,
        _ => FileKind.Socket,
    };
}

/// <summary>struct statx from linux/stat.h (256 bytes; only the fields Berth reads are named).</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
struct StatxBuffer
{
    [FieldOffset(16)] public uint Links;
    [FieldOffset(20)] public uint Uid;
    [FieldOffset(24)] public uint Gid;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Inode;
    [FieldOffset(40)] public ulong Size;
    [FieldOffset(112)] public long MtimeSeconds;
    [FieldOffset(120)] public uint MtimeNanoseconds;
    [FieldOffset(128)] public uint RdevMajor;
    [FieldOffset(132)] public uint RdevMinor;
    [FieldOffset(136)] public uint DeviceMajor;
    [FieldOffset(140)] public uint DeviceMinor;
}
