namespace BadgeForge.Data.Entities;

/// <summary>
/// A competency model version the service has loaded, with the SHA-256 of its YAML. A published version is
/// immutable: if its file later hashes differently, start-up refuses and asks the author to bump the version.
/// Versions uploaded through the API keep their YAML here, since they have no file.
/// </summary>
public sealed class ModelVersionRecord
{
    public required string ModelId { get; set; }
    public required string Version { get; set; }
    public required string ContentHash { get; set; }

    /// SHA-256 of the parsed model without its status: equal hashes mean equal meaning, so a status change
    /// (published → retired) or a comment fix is not mistaken for an edit.
    public required string StructureHash { get; set; }
    public required string Status { get; set; }

    /// "competency-models/&lt;id&gt;/&lt;version&gt;.yaml" for shipped files, or the upload's name.
    public required string FileName { get; set; }

    /// The organisation that uploaded it; null for the models shipped in competency-models/.
    public Guid? UploadedByOrganisationId { get; set; }

    /// The YAML of uploaded versions (shipped versions are read from their files).
    public string? Yaml { get; set; }

    public DateTime FirstLoadedAt { get; set; }
}
