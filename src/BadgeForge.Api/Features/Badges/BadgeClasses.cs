using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BadgeForge.Api.Features.CompetencyModels;
using BadgeForge.Api.Infrastructure;
using BadgeForge.Core.CompetencyModels;
using BadgeForge.Core.Images;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Data.Entities;
using ObCriteria = BadgeForge.Core.OpenBadges.BadgeCriteria;

namespace BadgeForge.Api.Features.Badges;

/// <summary>
/// Turns a badge definition of a model version into the Open Badges BadgeClass of one issuing organisation, and
/// renders its image. Models are shared, issuers are not: each organisation has its own BadgeClass per badge.
/// </summary>
public sealed class BadgeClasses(BadgeUrls urls, PublicUrls publicUrls)
{
    // Distinct, dark enough for white text and the white ring to read at 64 px.
    private static readonly string[] Palette = ["#0B5CAD", "#2E7D32", "#8E24AA", "#C62828", "#00838F", "#EF6C00", "#37474F", "#AD1457"];
    private readonly ConcurrentDictionary<(ModelReference, string, string), Lazy<byte[]>> _images = new();

    public BadgeClassDefinition Build(Organisation issuer, CompetencyModel model, BadgeDefinition badge)
    {
        var version = model.Version.ToString();
        var narrative = CriteriaNarrative.Describe(model, badge.Criteria.Rule);
        var criteria = new ObCriteria(
            urls.Criteria(issuer.Slug, model.Id, version, badge.Id),
            $"{badge.Criteria.Narrative.Sl}\n\n{narrative.Sl}\n\n---\n\n{badge.Criteria.Narrative.En}\n\n{narrative.En}");
        return new BadgeClassDefinition(
            urls.BadgeClass(issuer.Slug, model.Id, version, badge.Id),
            Bilingual.Join(badge.Title),
            Bilingual.Join(badge.Description, "\n\n"),
            urls.BadgeImage(issuer.Slug, model.Id, version, badge.Id, "png"),
            criteria,
            urls.Issuer(issuer.Slug))
        {
            Tags = [model.Id, badge.Kind.ToString().ToLowerInvariant(), .. model.Trainings.Any(t => t.Oiv.Eligible && Mentions(badge.Criteria.Rule, t.Id)) ? ["oiv"] : Array.Empty<string>()],
            Alignments = [.. Alignments(model, badge)],
        };
    }

    /// <summary>
    /// One alignment per competence the criteria certify (to our permanent level page), then the badge's own
    /// alignments to external frameworks (ESCO URIs, EntreComp codes, …).
    /// </summary>
    public IEnumerable<BadgeAlignment> Alignments(CompetencyModel model, BadgeDefinition badge)
    {
        foreach (var (competenceId, level) in CertifiedCompetences(badge.Criteria.Rule).Distinct())
        {
            var competence = model.FindCompetence(competenceId);
            if (competence is null)
            {
                continue;
            }
            yield return new BadgeAlignment(Bilingual.Join(competence.Title),
                new Uri(CompetencyModelsEndpoints.LevelUrl(publicUrls, model, competenceId, level)))
            {
                TargetDescription = Bilingual.Join(competence.Description, "\n\n"),
                TargetFramework = $"{Bilingual.Join(model.Title)} {model.Version}",
                TargetCode = $"{competenceId}@{level}",
            };
        }
        foreach (var alignment in badge.Alignments)
        {
            yield return new BadgeAlignment(alignment.TargetName, alignment.TargetUri ?? alignment.Framework.Url)
            {
                TargetFramework = $"{alignment.Framework.Name} {alignment.Framework.Version}",
                TargetCode = alignment.Code,
            };
        }
    }

    /// The badge image, rendered once per badge and kept: a PNG costs tens of milliseconds.
    public byte[] Image(CompetencyModel model, BadgeDefinition badge, string extension) =>
        _images.GetOrAdd((model.Reference, badge.Id, extension), _ => new Lazy<byte[]>(() =>
        {
            var design = Design(model, badge);
            return extension == "png" ? BadgeImageRenderer.RenderPng(design) : Encoding.UTF8.GetBytes(BadgeImageRenderer.RenderSvg(design));
        })).Value;

    public static BadgeImageDesign Design(CompetencyModel model, BadgeDefinition badge)
    {
        var levelCount = Math.Clamp(model.Scale.Levels.Count, 1, 10);
        var levels = CertifiedCompetences(badge.Criteria.Rule).Select(c => c.Level).DefaultIfEmpty(levelCount).Max();
        // A stable colour per model, so a person's badges of one programme look like a family.
        var colour = Palette[SHA256.HashData(Encoding.UTF8.GetBytes(model.Id))[0] % Palette.Length];
        return new BadgeImageDesign(badge.Title.Sl, Math.Clamp(levels, 1, levelCount), levelCount, colour) { Subtitle = badge.Title.En };
    }

    public static IEnumerable<(string CompetenceId, int Level)> CertifiedCompetences(Criterion criterion) => criterion switch
    {
        AllOf all => all.Items.SelectMany(CertifiedCompetences),
        AnyOf any => any.Items.SelectMany(CertifiedCompetences),
        AtLeast atLeast => atLeast.Items.SelectMany(CertifiedCompetences),
        CompetenceCriterion c => [(c.CompetenceId, c.MinLevel)],
        _ => [],
    };

    private static bool Mentions(Criterion criterion, string trainingId) => criterion switch
    {
        AllOf all => all.Items.Any(i => Mentions(i, trainingId)),
        AnyOf any => any.Items.Any(i => Mentions(i, trainingId)),
        AtLeast atLeast => atLeast.Items.Any(i => Mentions(i, trainingId)),
        AttendanceCriterion a => a.TrainingId == trainingId,
        _ => false,
    };
}
