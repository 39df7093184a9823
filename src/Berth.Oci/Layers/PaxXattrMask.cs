// TarReader splits PAX records at newlines instead of by their length prefix, so a binary xattr value holding
// 0x0a (a file capability can) breaks the whole header. Newlines inside SCHILY.xattr.* values are replaced in the
// bytes TarReader sees; TarHeaderGuard has already kept the raw values, and the DiffID is computed before this.
namespace Berth.Oci;

sealed class PaxXattrMask
{
    static readonly byte[] XattrKeyPrefix = "SCHILY.xattr."u8.ToArray();

    enum Part { Length, Key, Value, Newline, Unreadable }

    Part _part;
    int _offset;
    int _recordEnd;
    int _recordLength;
    int _keyLength;
    bool _isXattr;

    /// <summary>Begins a new PAX data block.</summary>
    public void Start() => (_part, _offset, _recordEnd, _recordLength) = (Part.Length, 0, 0, 0);

    /// <summary>Scans the next bytes of the PAX data block, masking newlines inside xattr values in place.</summary>
    public void Apply(Span<byte> data)
    {
        for (var i = 0; i < data.Length; i++, _offset++)
        {
            var b = data[i];
            switch (_part)
            {
                case Part.Length when b is >= (byte)'0' and <= (byte)'9' && _recordLength < 1 << 24:
                    _recordLength = _recordLength * 10 + (b - '0');
                    break;
                case Part.Length when b == ' ' && _recordLength > 0:
                    _recordEnd += _recordLength;
                    (_part, _keyLength, _isXattr) = (Part.Key, 0, true);
                    break;
                case Part.Key when _offset >= _recordEnd - 1:
                    _part = Part.Unreadable;
                    break;
                case Part.Key when b == '=':
                    _isXattr &= _keyLength >= XattrKeyPrefix.Length;
                    _part = _offset == _recordEnd - 2 ? Part.Newline : Part.Value;
                    break;
                case Part.Key:
                    if (_keyLength < XattrKeyPrefix.Length && b != XattrKeyPrefix[_keyLength]) _isXattr = false;
                    _keyLength++;
                    break;
                case Part.Value:
                    if (_isXattr && b == '\n') data[i] = (byte)' ';
                    if (_offset == _recordEnd - 2) _part = Part.Newline;
                    break;
                case Part.Newline:
                    (_part, _recordLength) = (Part.Length, 0);
                    break;
                case Part.Unreadable:
                    break;
                default:
                    // Not a record TarHeaderGuard can read either; it refuses the header once the block is in.
                    _part = Part.Unreadable;
                    break;
            }
        }
    }
}
