using System.Security.Cryptography;
using EdgeMano.Plane.Packages.Descriptors;

namespace EdgeMano.Plane.Packages.Csar;

/// <summary>
/// Checks every artifact a manifest (or TOSCA.meta) lists: it must be in the package and its
/// digest must match, with the algorithm the entry names (SHA-256, SHA-384 or SHA-512).
/// </summary>
internal static class ArtifactVerifier
{
    public static void Verify(ReadContext context, IEnumerable<ListedArtifact> artifacts)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var artifact in artifacts)
        {
            var file = artifact.ListedIn;
            var source = artifact.Source;
            if (source.Value.Contains("://", StringComparison.Ordinal))
            {
                context.Note(file, $"'{source.Value}' is outside the package; its digest is not checked", source.Key, source.Line, source.ValueColumn);
                continue;
            }
            var path = Archives.PackageFileSet.Normalize(source.Value);
            if (path is null || source.Value.StartsWith('/'))
            {
                context.Error(file, $"'{source.Value}' is not a path inside the package", source.Key, source.Line, source.ValueColumn);
                continue;
            }
            if (!seen.TryAdd(path, source.Line))
            {
                context.Error(file, $"'{path}' is listed twice (first at line {seen[path]})", source.Key, source.Line, source.ValueColumn);
                continue;
            }
            if (context.Files.Bytes(path) is not { } bytes)
            {
                context.Error(file, $"missing artifact: '{path}' is listed but not in the package", source.Key, source.Line, source.ValueColumn);
                continue;
            }
            CheckDigest(context, artifact, path, bytes);
        }
    }

    private static void CheckDigest(ReadContext context, ListedArtifact artifact, string path, byte[] bytes)
    {
        var file = artifact.ListedIn;
        if (artifact.Algorithm is not { } algorithm)
        {
            context.Error(file, $"'{path}' has no 'Algorithm:' (SHA-256, SHA-384 or SHA-512)", "Algorithm", artifact.Source.Line, 1);
            return;
        }
        if (artifact.Hash is not { } hash)
        {
            context.Error(file, $"'{path}' has no 'Hash:'", "Hash", artifact.Source.Line, 1);
            return;
        }
        byte[]? actual = algorithm.Value.ToUpperInvariant() switch
        {
            "SHA-256" or "SHA256" => SHA256.HashData(bytes),
            "SHA-384" or "SHA384" => SHA384.HashData(bytes),
            "SHA-512" or "SHA512" => SHA512.HashData(bytes),
            _ => null,
        };
        if (actual is null)
        {
            context.Error(file, $"hash algorithm '{algorithm.Value}' is not supported; use SHA-256, SHA-384 or SHA-512", "Algorithm", algorithm.Line, algorithm.ValueColumn);
            return;
        }
        var actualHex = Convert.ToHexStringLower(actual);
        if (string.Equals(actualHex, hash.Value, StringComparison.OrdinalIgnoreCase)) return;
        context.Error(file, $"digest mismatch for '{path}': the manifest says {algorithm.Value} {hash.Value}, the file's is {actualHex}",
            "Hash", hash.Line, hash.ValueColumn);
    }
}
