using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BadgeForge.Data.Postgres.Migrations
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
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ModelId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ModelVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    BadgeId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecipientEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    RecipientSalt = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RecipientIdentity = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    RecipientName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ShowRecipientName = table.Column<bool>(type: "boolean", nullable: false),
                    IssuedOn = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Narrative = table.Column<string>(type: "text", nullable: true),
                    EvidenceJson = table.Column<string>(type: "text", nullable: false),
                    IssuedByAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    SigningKeyId = table.Column<Guid>(type: "uuid", nullable: false),
                    SignedUuid = table.Column<Guid>(type: "uuid", nullable: false),
                    HostedJson = table.Column<string>(type: "text", nullable: false),
                    Jws = table.Column<string>(type: "text", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevocationReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RevokedByAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
