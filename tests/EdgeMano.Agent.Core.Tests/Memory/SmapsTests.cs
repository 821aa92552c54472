using System.Text;
using EdgeMano.Agent.Core.Memory;

namespace EdgeMano.Agent.Core.Tests.Memory;

public sealed class SmapsTests
{
    private const string Sample = """
        55d0c0a00000-55d0c1400000 r--p 00000000 fd:01 1234                       /usr/bin/edgemano-agent
        Size:              10240 kB
        Rss:                4096 kB
        Shared_Dirty:          0 kB
        Private_Dirty:         0 kB
        Anonymous:             0 kB
        VmFlags: rd mr mw me sd
        55d0c1400000-55d0c1e00000 r-xp 00a00000 fd:01 1234                       /usr/bin/edgemano-agent
        Rss:                2048 kB
        Private_Dirty:         0 kB
        Anonymous:             0 kB
        55d0c1e00000-55d0c1f00000 r--p 01400000 fd:01 1234                       /usr/bin/edgemano-agent
        Rss:                 512 kB
        Private_Dirty:       512 kB
        Anonymous:           512 kB
        55d0c1f00000-55d0c2000000 rw-p 01500000 fd:01 1234                       /usr/bin/edgemano-agent
        Rss:                 100 kB
        Anonymous:           100 kB
        7f0000000000-7f0000100000 rw-p 00000000 00:00 0
        Rss:                 800 kB
        Anonymous:           800 kB
        7f0000200000-7f0000300000 r--s 00000000 fd:01 99                         /var/lib/edgemano/agent.db
        Rss:                  64 kB
        7f0000400000-7f0000500000 r--p 00000000 00:05 7                          /dev/zero
        Rss:                   4 kB
        7f0000600000-7f0000700000 r-xp 00000000 fd:01 55                         /tmp/old lib.so (deleted)
        Rss:                  40 kB
        7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]
        Rss:                  12 kB
        """;

    [Fact]
    public void Parse_RealShapes_OnlyCleanPrivateReadOnlyFilesAreTrimmable()
    {
        var into = new SmapsMapping[16];

        var count = Smaps.Parse(Encoding.ASCII.GetBytes(Sample), into);

        Assert.Equal(9, count);
        Assert.Equal(new SmapsMapping(0x55d0c0a00000, 0x55d0c1400000, true, 4096), into[0]); // read-only data of the binary
        Assert.Equal(new SmapsMapping(0x55d0c1400000, 0x55d0c1e00000, true, 2048), into[1]); // its code
        Assert.False(into[2].Trimmable); // RELRO: private copies
        Assert.False(into[3].Trimmable); // writable
        Assert.False(into[4].Trimmable); // anonymous
        Assert.False(into[5].Trimmable); // shared mapping
        Assert.False(into[6].Trimmable); // a device
        Assert.False(into[7].Trimmable); // deleted file, path with a space
        Assert.Equal(new SmapsMapping(0x7ffd00000000, 0x7ffd00021000, false, 12), into[8]);
    }

    [Fact]
    public void Parse_MoreMappingsThanRoom_StopsAtTheRoomGiven()
    {
        var into = new SmapsMapping[2];

        Assert.Equal(2, Smaps.Parse(Encoding.ASCII.GetBytes(Sample), into));
        Assert.Equal(0x55d0c1400000UL, into[1].Start);
    }

    [Fact]
    public void Parse_Garbage_NoMappingsAndNoThrow()
    {
        var into = new SmapsMapping[4];

        Assert.Equal(0, Smaps.Parse("not smaps\nRss: lots\n-\nzz-yy r--p\n"u8, into));
        Assert.Equal(0, Smaps.Parse(ReadOnlySpan<byte>.Empty, into));
    }

    [Fact]
    public void Parse_ThisProcess_FindsItsOwnMappings()
    {
        var text = File.ReadAllBytes("/proc/self/smaps");
        var into = new SmapsMapping[8192];

        var count = Smaps.Parse(text, into);

        Assert.True(count > 10, $"{count} mappings");
        Assert.Contains(into[..count], m => m.Trimmable && m.RssKb > 0);
    }
}
