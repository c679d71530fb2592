namespace BadgeForge.Core.CompetencyModels;

/// <summary>One problem found in a competency model file, positioned for an editor or a CI log.</summary>
/// <param name="File">The file name the caller passed in (used only in messages).</param>
/// <param name="Line">1-based line of the offending node.</param>
/// <param name="Column">1-based column of the offending node.</param>
/// <param name="Code">A stable machine-readable code from <see cref="ModelProblemCodes"/>.</param>
/// <param name="Message">A plain-language explanation, in English.</param>
public sealed record ModelProblem(string File, int Line, int Column, string Code, string Message)
{
    /// <summary>The conventional compiler-style form <c>file:line:column: code: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Code}: {Message}";
}

/// <summary>The stable codes of <see cref="ModelProblem"/>; the API maps them to ProblemDetails.</summary>
public static class ModelProblemCodes
{
    /// <summary>The file exceeds <see cref="CompetencyModelParserOptions.MaxBytes"/>.</summary>
    public const string TooLarge = "too-large";
    /// <summary>The file is not valid UTF-8.</summary>
    public const string InvalidEncoding = "invalid-encoding";
    /// <summary>The YAML itself is malformed.</summary>
    public const string YamlSyntax = "yaml-syntax";
    /// <summary>The document nests deeper than <see cref="CompetencyModelParserOptions.MaxDepth"/>.</summary>
    public const string TooDeep = "too-deep";
    /// <summary>An anchor (<c>&amp;a</c>) or alias (<c>*a</c>) was used; both are refused outright.</summary>
    public const string AnchorNotAllowed = "anchor-not-allowed";
    /// <summary>An explicit tag (<c>!foo</c>, <c>!!python/object</c>) was used.</summary>
    public const string TagNotAllowed = "tag-not-allowed";
    /// <summary>More than one YAML document in the file.</summary>
    public const string MultipleDocuments = "multiple-documents";
    /// <summary>A key appears twice in one mapping.</summary>
    public const string DuplicateKey = "duplicate-key";
    /// <summary>A key that the format does not define.</summary>
    public const string UnknownKey = "unknown-key";
    /// <summary>A required key is absent.</summary>
    public const string MissingKey = "missing-key";
    /// <summary>A value has the wrong YAML type (e.g. a list where a number is expected).</summary>
    public const string WrongType = "wrong-type";
    /// <summary>A value is of the right type but not allowed (enum member, range, id syntax).</summary>
    public const string InvalidValue = "invalid-value";
    /// <summary>A bilingual text lacks its <c>sl</c> or <c>en</c> text, or it is blank.</summary>
    public const string MissingLocale = "missing-locale";
    /// <summary>Two things of the same kind share an id.</summary>
    public const string DuplicateId = "duplicate-id";
    /// <summary>A reference to a competence, level, training, module, badge or framework that does not exist.</summary>
    public const string DanglingReference = "dangling-reference";
    /// <summary>Badges require each other in a cycle, so none of them could ever be earned.</summary>
    public const string BadgeCycle = "badge-cycle";
    /// <summary>A level that the model's proficiency scale does not define.</summary>
    public const string LevelOutOfScale = "level-out-of-scale";
    /// <summary>A version that is not Semantic Versioning 2.0.0.</summary>
    public const string InvalidSemver = "invalid-semver";
    /// <summary>A URL that is not absolute http or https.</summary>
    public const string InvalidUrl = "invalid-url";
    /// <summary>Catalog: the directory name differs from the model id.</summary>
    public const string DirectoryMismatch = "directory-mismatch";
    /// <summary>Catalog: the file name differs from the model version.</summary>
    public const string FileNameMismatch = "file-name-mismatch";
    /// <summary>Catalog: two files declare the same <c>id@version</c>.</summary>
    public const string DuplicateModel = "duplicate-model";
    /// <summary>Catalog: an equivalence names a model version, competence or badge that does not exist.</summary>
    public const string EquivalenceTargetMissing = "equivalence-target-missing";
}

/// <summary>Limits that keep parsing of untrusted files fast and bounded in memory.</summary>
/// <param name="MaxBytes">Largest accepted file, in bytes (default 1 MiB).</param>
/// <param name="MaxDepth">Deepest accepted nesting of mappings and lists (default 64).</param>
public sealed record CompetencyModelParserOptions(int MaxBytes = 1024 * 1024, int MaxDepth = 64)
{
    /// <summary>The defaults: 1 MiB and 64 levels.</summary>
    public static CompetencyModelParserOptions Default { get; } = new();
}
