using System.Globalization;
using EdgeMano.Agent.Runtimes.Kubernetes.Api;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Observe;

/// <summary>The latest known version of each object of one resource, by name. Not thread-safe: the cache locks.</summary>
internal sealed class ObjectTable<T> where T : class, IKubeObject
{
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);

    public IEnumerable<T> Items => _items.Values;

    public void Replace(IEnumerable<T> items)
    {
        _items.Clear();
        foreach (var item in items) _items[item.Metadata.Name] = item;
    }

    /// <summary>Keeps the newer of two versions: an apply response may arrive after the watch delivered a later one.</summary>
    public void Upsert(T item)
    {
        if (_items.TryGetValue(item.Metadata.Name, out var known) && known.Metadata.Uid == item.Metadata.Uid
            && IsOlder(item.Metadata.ResourceVersion, known.Metadata.ResourceVersion))
            return;
        _items[item.Metadata.Name] = item;
    }

    public void Remove(T item)
    {
        // A delete of an older instance must not drop a newer object of the same name.
        if (_items.TryGetValue(item.Metadata.Name, out var known) && (item.Metadata.Uid.Length == 0 || known.Metadata.Uid == item.Metadata.Uid))
            _items.Remove(item.Metadata.Name);
    }

    /// <summary>resourceVersions are opaque, but etcd-backed servers issue increasing integers; compare only those.</summary>
    private static bool IsOlder(string candidate, string known) =>
        long.TryParse(candidate, NumberStyles.None, CultureInfo.InvariantCulture, out var c)
        && long.TryParse(known, NumberStyles.None, CultureInfo.InvariantCulture, out var k)
        && c < k;
}
