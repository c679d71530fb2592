using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BadgeForge.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Awards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Awards",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModelId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ModelVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BadgeId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RecipientEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    RecipientSalt = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecipientIdentity = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    RecipientName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ShowRecipientName = table.Column<bool>(type: "INTEGER", nullable: false),
                    IssuedOn = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Narrative = table.Column<string>(type: "TEXT", nullable: true),
                    EvidenceJson = table.Column<string>(type: "TEXT", nullable: false),
                    IssuedByAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SigningKeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SignedUuid = table.Column<Guid>(type: "TEXT", nullable: false),
                    HostedJson = table.Column<string>(type: "TEXT", nullable: false),
                    Jws = table.Column<string>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevocationReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RevokedByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Awards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Awards_IssuerKeys_SigningKeyId",
                        column: x => x.SigningKeyId,
                        principalTable: "IssuerKeys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Awards_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Awards_OrganisationId_IssuedOn",
                table: "Awards",
                columns: new[] { "OrganisationId", "IssuedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Awards_OrganisationId_RevokedAt",
                table: "Awards",
                columns: new[] { "OrganisationId", "RevokedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Awards_RecipientEmail",
                table: "Awards",
                column: "RecipientEmail");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_SignedUuid",
                table: "Awards",
                column: "SignedUuid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Awards_SigningKeyId",
                table: "Awards",
                column: "SigningKeyId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Awards");
        }
    }
}
