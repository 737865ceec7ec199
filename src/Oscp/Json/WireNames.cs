using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;

namespace OscpFleet.Oscp.Json;

/// <summary>
/// The wire names of an enum's members as UTF-8, from their <see cref="JsonStringEnumMemberNameAttribute"/> (the names
/// the schemas and the typed readers use), for readers and writers that work on the bytes.
/// </summary>
internal static class WireNames
{
    /// <summary>Every member of <typeparamref name="T"/> with its wire name; a member without one is a programming error.</summary>
    public static (byte[] Name, T Value)[] Of<T>()
        where T : struct, Enum =>
        [.. typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (
            Encoding.UTF8.GetBytes(field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{typeof(T).Name}.{field.Name} has no wire name")),
            (T)field.GetValue(null)!))];
}
