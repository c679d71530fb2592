using BadgeForge.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// An entity's table and its mapped properties as the EF model has them: what the bulk writers
/// (<see cref="PostgresBulkCopy"/>, <see cref="SqliteBulkWrite"/>) write, so that they write what SaveChanges would.
/// </summary>
internal sealed record MappedTable(StoreObjectIdentifier Table, IReadOnlyList<IProperty> Properties, IReadOnlyList<IProperty> Key)
{
    public static MappedTable Of<T>(BadgeForgeDbContext db)
    {
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var properties = entityType.GetProperties().ToList();
        if (properties.FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
        {
            throw new NotSupportedException($"{shadow.DeclaringType.Name}.{shadow.Name} is a shadow property; a bulk write cannot read it.");
        }
        return new MappedTable(StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema()), properties,
            entityType.FindPrimaryKey()?.Properties ?? throw new NotSupportedException($"{typeof(T).Name} has no primary key."));
    }

    /// The quoted table name, with its schema when it has one.
    public string QuotedName => (Table.Schema is null ? "" : Quote(Table.Schema) + ".") + Quote(Table.Name);

    public string ColumnName(IProperty property) => property.GetColumnName(Table)!;

    /// The quoted column names, in property order.
    public string QuotedColumns => string.Join(", ", Properties.Select(p => Quote(ColumnName(p))));

    public static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
