using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BadgeForge.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Schools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SchoolClasses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolYear = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ClassTeacherAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolClasses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolClasses_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SchoolCourses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    SchoolYear = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RequiredHours = table.Column<int>(type: "integer", nullable: false),
                    HourMinutes = table.Column<int>(type: "integer", nullable: false),
                    MaxOutsidePercent = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Title_En = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Title_Sl = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolCourses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolCourses_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SchoolStudents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ClassId = table.Column<Guid>(type: "uuid", nullable: false),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolStudents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolStudents_SchoolClasses_ClassId",
                        column: x => x.ClassId,
                        principalTable: "SchoolClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SchoolRecognitionRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CourseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ModelId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ModelVersion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    BadgeId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    BadgeClassUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    CompetencesJson = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Minutes = table.Column<int>(type: "integer", nullable: false),
                    HourMinutes = table.Column<int>(type: "integer", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolRecognitionRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolRecognitionRules_SchoolCourses_CourseId",
                        column: x => x.CourseId,
                        principalTable: "SchoolCourses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SchoolSubmissions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    StudentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    BadgeKey = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    CountedKey = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    BadgeUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    BadgeClassUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    BadgeName = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    IssuerName = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    BadgeIssuedOn = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    VerificationStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    VerificationMessage = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ProposalJson = table.Column<string>(type: "text", nullable: false),
                    ProposedCourseId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProposedMinutes = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DecisionComment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    DecidedByAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreditedCourseId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreditedMinutes = table.Column<int>(type: "integer", nullable: false),
                    RecognitionAwardId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    SubmittedByAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolSubmissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolSubmissions_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SchoolSubmissions_SchoolStudents_StudentId",
                        column: x => x.StudentId,
                        principalTable: "SchoolStudents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SchoolClasses_OrganisationId_SchoolYear_Name",
                table: "SchoolClasses",
                columns: new[] { "OrganisationId", "SchoolYear", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SchoolCourses_OrganisationId_SchoolYear",
                table: "SchoolCourses",
                columns: new[] { "OrganisationId", "SchoolYear" });

            migrationBuilder.CreateIndex(
                name: "IX_SchoolRecognitionRules_CourseId",
                table: "SchoolRecognitionRules",
                column: "CourseId");

            migrationBuilder.CreateIndex(
                name: "IX_SchoolStudents_ClassId_Email",
                table: "SchoolStudents",
                columns: new[] { "ClassId", "Email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SchoolStudents_Email",
                table: "SchoolStudents",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_SchoolSubmissions_OrganisationId_CountedKey",
                table: "SchoolSubmissions",
                columns: new[] { "OrganisationId", "CountedKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SchoolSubmissions_OrganisationId_Status",
                table: "SchoolSubmissions",
                columns: new[] { "OrganisationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_SchoolSubmissions_StudentId",
                table: "SchoolSubmissions",
                column: "StudentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SchoolRecognitionRules");

            migrationBuilder.DropTable(
                name: "SchoolSubmissions");

            migrationBuilder.DropTable(
                name: "SchoolCourses");

            migrationBuilder.DropTable(
                name: "SchoolStudents");

            migrationBuilder.DropTable(
                name: "SchoolClasses");
        }
    }
}
