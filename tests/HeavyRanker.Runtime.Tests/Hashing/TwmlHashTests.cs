using HeavyRanker.Runtime.Hashing;

namespace HeavyRanker.Runtime.Tests.Hashing;

public class TwmlHashTests
{
    [Fact]
    public void FeatureId_PlainName()
    {
        Assert.Equal(1589670941332718913L, TwmlHash.FeatureId("user.age"));
    }

    [Fact]
    public void FeatureId_NameWithHashSign()
    {
        Assert.Equal(-6708668741826936518L, TwmlHash.FeatureId("meta.user_id#v2"));
    }

    [Fact]
    public void FeatureId_SpanMatchesString()
    {
        Assert.Equal(TwmlHash.FeatureId("meta.user_id#v2"), TwmlHash.FeatureId("meta.user_id#v2".AsSpan()));
        Assert.Equal(TwmlHash.FeatureId("categorical_7"), TwmlHash.FeatureId("categorical_7".AsSpan()));
    }

    [Fact]
    public void FeatureId_LeadingHashSignHashesWholeName()
    {
        // A '#' at position 0 is not a separator, so the whole name goes through one hash.
        byte[] utf16 = System.Text.Encoding.Unicode.GetBytes("#v2");

        Assert.Equal(MurmurHash3.Hash64(utf16), TwmlHash.FeatureId("#v2"));
    }

    [Fact]
    public void FeatureId_LongSuffixUsesHeapBuffer()
    {
        // A suffix over 252 characters makes the combined buffer exceed the 512-byte stack limit.
        string suffix = new string('x', 300);
        byte[] expectedInput = new byte[8 + suffix.Length * 2];
        BitConverter.TryWriteBytes(expectedInput.AsSpan(0, 8), TwmlHash.FeatureId("prefix"));
        System.Text.Encoding.Unicode.GetBytes(suffix).CopyTo(expectedInput, 8);

        Assert.Equal(MurmurHash3.Hash64(expectedInput), TwmlHash.FeatureId("prefix#" + suffix));
    }

    [Fact]
    public void DiscreteKey_KnownValue()
    {
        long id = TwmlHash.FeatureId("categorical_7");

        Assert.Equal(8012072956842070134L, id);
        Assert.Equal(8012073036674171206L, TwmlHash.DiscreteKey(id, 31));
    }

    [Fact]
    public void Bucket_KnownValue()
    {
        Assert.Equal(196934, TwmlHash.Bucket(8012073036674171206L, 18));
    }

    [Fact]
    public void DiscreteKey_WrapsOnOverflow()
    {
        long expected = unchecked(5L ^ ((17 + long.MaxValue) * 2654435761L));

        Assert.Equal(expected, TwmlHash.DiscreteKey(5L, long.MaxValue));
    }

    [Fact]
    public void Bucket_InRangeForAllBitsAndSigns()
    {
        long[] keys =
        {
            0L, 1L, -1L, long.MinValue, long.MaxValue, -6708668741826936518L,
            8012073036674171206L, -123456789L, int.MinValue, int.MaxValue,
        };

        for (int bits = 1; bits <= 30; bits++)
        {
            long size = 1L << bits;
            foreach (long key in keys)
            {
                int bucket = TwmlHash.Bucket(key, bits);
                Assert.InRange(bucket, 0, size - 1);
                Assert.Equal(key & (size - 1), bucket);
            }
        }
    }

    [Fact]
    public void Bucket_NegativeKeyKeepsLowBits()
    {
        // -1 has every bit set, so the bucket is the largest one.
        Assert.Equal((1 << 18) - 1, TwmlHash.Bucket(-1L, 18));
        Assert.Equal(0, TwmlHash.Bucket(long.MinValue, 18));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 97)]
    [InlineData("abc", 96354)]
    [InlineData("hello", 99162322)]
    public void JavaUtf8Hash_AsciiKnownValues(string value, long expected)
    {
        Assert.Equal(expected, TwmlHash.JavaUtf8Hash(value));
    }

    [Theory]
    [InlineData("user_12345")]
    [InlineData("The quick brown fox jumps over the lazy dog")]
    [InlineData("polygenelubricants")]
    [InlineData("~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./")]
    public void JavaUtf8Hash_AsciiMatchesJavaStringHashCode(string value)
    {
        Assert.Equal(JavaStringHashCode(value), TwmlHash.JavaUtf8Hash(value));
    }

    [Fact]
    public void JavaUtf8Hash_SignExtendsNegativeHash()
    {
        // Java's "polygenelubricants".hashCode() is Integer.MIN_VALUE.
        long hash = TwmlHash.JavaUtf8Hash("polygenelubricants");

        Assert.Equal(-2147483648L, hash);
        Assert.Equal(~0L ^ 0x7FFFFFFFL, hash);
    }

    [Fact]
    public void JavaUtf8Hash_TwoByteCharacter()
    {
        // U+00E9 is C3 A9 in UTF-8; as Java bytes -61, -87: 31 * -61 - 87 = -1978.
        Assert.Equal(-1978L, TwmlHash.JavaUtf8Hash("\u00E9"));
    }

    [Fact]
    public void JavaUtf8Hash_ThreeByteCharacter()
    {
        // U+20AC (euro sign) is E2 82 AC: bytes -30, -126, -84.
        // h = -30; h = 31 * -30 - 126 = -1056; h = 31 * -1056 - 84 = -32820.
        Assert.Equal(-32820L, TwmlHash.JavaUtf8Hash("\u20AC"));
    }

    [Fact]
    public void JavaUtf8Hash_SurrogatePair()
    {
        // U+1F600 is the pair D83D DE00 and F0 9F 98 80 in UTF-8: bytes -16, -97, -104, -128.
        // h = -16; -593; -18487; 31 * -18487 - 128 = -573225.
        Assert.Equal(-573225L, TwmlHash.JavaUtf8Hash("\uD83D\uDE00"));
    }

    [Fact]
    public void JavaUtf8Hash_UnpairedSurrogateEncodesReplacementCharacter()
    {
        // U+FFFD is EF BF BD: bytes -17, -65, -67. h = -17; -592; 31 * -592 - 67 = -18419.
        Assert.Equal(-18419L, TwmlHash.JavaUtf8Hash("\uD83D"));
        Assert.Equal(-18419L, TwmlHash.JavaUtf8Hash("\uDE00"));
    }

    [Fact]
    public void JavaUtf8Hash_MixedTextMatchesUtf8Bytes()
    {
        string value = "caf\u00E9 \u20AC \uD83D\uDE00 x";

        Assert.Equal(JavaHashOfBytes(System.Text.Encoding.UTF8.GetBytes(value)), TwmlHash.JavaUtf8Hash(value));
    }

    [Fact]
    public void StringKey_XorsSignExtendedHash()
    {
        long id = TwmlHash.FeatureId("user.country");

        Assert.Equal(id ^ 96354L, TwmlHash.StringKey(id, "abc"));
        Assert.Equal(id ^ -2147483648L, TwmlHash.StringKey(id, "polygenelubricants"));
        Assert.Equal(TwmlHash.StringKey(id, "abc"), TwmlHash.StringKey(id, "abc".AsSpan()));
    }

    // Java's String.hashCode over UTF-16 code units; equals the UTF-8 byte hash for ASCII text.
    private static long JavaStringHashCode(string value)
    {
        int hash = 0;
        foreach (char c in value)
        {
            hash = unchecked(31 * hash + c);
        }

        return hash;
    }

    private static long JavaHashOfBytes(byte[] bytes)
    {
        int hash = 0;
        foreach (byte b in bytes)
        {
            hash = unchecked(31 * hash + (sbyte)b);
        }

        return hash;
    }
}
