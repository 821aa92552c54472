using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace EdgeMano.Agent.Runtimes.Kubernetes.Tests.Fake;

/// <summary>
/// The API server's storage as the driver sees it: objects per collection, one resourceVersion
/// counter, an event history watches resume from, and compaction (older versions answer 410).
/// </summary>
public sealed class FakeObjectStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _collections = new(StringComparer.Ordinal);
    private readonly List<(long Rv, string Collection, string Type, JsonObject Object)> _history = [];
    private readonly List<Watcher> _watchers = [];
    private long _resourceVersion = 1000;
    private long _compactedThrough;

    public sealed record Watcher(string Collection, IReadOnlyDictionary<string, string> Selector, Channel<string> Lines);

    public long ResourceVersion
    {
        get { lock (_gate) return _resourceVersion; }
    }

    public JsonObject? Get(string collection, string name)
    {
        lock (_gate) return Items(collection).GetValueOrDefault(name)?.DeepClone().AsObject();
    }

    public (long Rv, List<JsonObject> Items) List(string collection, IReadOnlyDictionary<string, string> selector)
    {
        lock (_gate)
            return (_resourceVersion, [.. Items(collection).Values.Where(o => Matches(o, selector)).OrderBy(o => Name(o), StringComparer.Ordinal).Select(o => o.DeepClone().AsObject())]);
    }

    /// <summary>Server-side apply or merge patch, simplified to a merge of the body into the stored object.</summary>
    public (JsonObject Object, bool Created) Patch(string collection, string? ns, string name, JsonObject body, bool nullDeletes)
    {
        lock (_gate)
        {
            var items = Items(collection);
            var created = !items.TryGetValue(name, out var current);
            current ??= new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } };
            Merge(current, body, nullDeletes);
            var meta = current["metadata"]!.AsObject();
            if (ns is not null) meta["namespace"] = ns;
            if (created)
            {
                meta["uid"] = Guid.NewGuid().ToString();
                meta["creationTimestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                meta["generation"] = 1;
            }
            else
            {
                meta["generation"] = long.Parse(meta["generation"]?.ToJsonString() ?? "0", CultureInfo.InvariantCulture) + 1;
            }
            Store(collection, current, created ? "ADDED" : "MODIFIED");
            return (current.DeepClone().AsObject(), created);
        }
    }

    /// <summary>Creates or replaces an object as a controller would (pods, statuses); emits the watch event.</summary>
    public JsonObject Put(string collection, JsonObject obj)
    {
        lock (_gate)
        {
            var meta = obj["metadata"]!.AsObject();
            var created = !Items(collection).ContainsKey(Name(obj));
            if (meta["uid"] is null) meta["uid"] = Guid.NewGuid().ToString();
            Store(collection, obj, created ? "ADDED" : "MODIFIED");
            return obj.DeepClone().AsObject();
        }
    }

    public void SetStatus(string collection, string name, JsonNode status)
    {
        lock (_gate)
        {
            var obj = Items(collection)[name];
            obj["status"] = status.DeepClone();
            Store(collection, obj, "MODIFIED");
        }
    }

    public JsonObject? Delete(string collection, string name)
    {
        lock (_gate)
        {
            if (!Items(collection).Remove(name, out var obj)) return null;
            obj["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
            Publish(collection, "DELETED", obj);
            return obj.DeepClone().AsObject();
        }
    }

    /// <summary>A watch from <paramref name="fromRv"/>: history after it, then live events. Null when compacted away (410).</summary>
    public Watcher? Watch(string collection, IReadOnlyDictionary<string, string> selector, long fromRv)
    {
        lock (_gate)
        {
            if (fromRv < _compactedThrough) return null;
            var watcher = new Watcher(collection, selector, Channel.CreateUnbounded<string>());
            foreach (var (rv, c, type, obj) in _history)
                if (rv > fromRv && c == collection && Matches(obj, selector)) watcher.Lines.Writer.TryWrite(Line(type, obj));
            _watchers.Add(watcher);
            return watcher;
        }
    }

    public void Unwatch(Watcher watcher)
    {
        lock (_gate) _watchers.Remove(watcher);
    }

    /// <summary>Forgets the history: a watch from any version before now answers 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedThrough = _resourceVersion;
        }
    }

    /// <summary>Ends every open watch stream (the server closes them, as on restart or timeout).</summary>
    public void EndWatches()
    {
        lock (_gate)
        {
            foreach (var w in _watchers) w.Lines.Writer.TryComplete();
            _watchers.Clear();
        }
    }

    public int OpenWatches
    {
        get { lock (_gate) return _watchers.Count; }
    }

    private void Store(string collection, JsonObject obj, string type)
    {
        obj["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        Items(collection)[Name(obj)] = obj;
        Publish(collection, type, obj);
    }

    private void Publish(string collection, string type, JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        _history.Add((_resourceVersion, collection, type, copy));
        foreach (var w in _watchers)
            if (w.Collection == collection && Matches(copy, w.Selector)) w.Lines.Writer.TryWrite(Line(type, copy));
    }

    private Dictionary<string, JsonObject> Items(string collection)
    {
        if (!_collections.TryGetValue(collection, out var items)) _collections[collection] = items = new(StringComparer.Ordinal);
        return items;
    }

    public static string Line(string type, JsonNode obj) => new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString();

    private static string Name(JsonObject obj) => obj["metadata"]!["name"]!.GetValue<string>();

    private static bool Matches(JsonObject obj, IReadOnlyDictionary<string, string> selector) =>
        selector.All(s => obj["metadata"]?["labels"]?[s.Key]?.GetValue<string>() == s.Value);

    /// <summary>Objects merge field by field; lists and values are replaced (as SSA does for atomic lists).</summary>
    private static void Merge(JsonObject target, JsonObject patch, bool nullDeletes)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null && nullDeletes) { target.Remove(key); continue; }
            if (value is JsonObject child && target[key] is JsonObject existing) Merge(existing, child, nullDeletes);
            else target[key] = value?.DeepClone();
        }
    }
}
