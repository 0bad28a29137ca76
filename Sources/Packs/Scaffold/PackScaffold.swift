import Foundation

/// `upstream pack new NAME`: a pack that lints clean and whose test passes out of the box: a
/// manifest, one policy, one KPI, one test on a tiny fixture, and a README saying what to edit.
public enum PackScaffold {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case invalidName(String)
        case exists(String)
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .invalidName(let name):
                "'\(name)' is not a pack name: use lowercase letters, digits and '-', starting with a letter (like riverside-billing)"
            case .exists(let path): "\(path) already exists; choose another name or --dir (nothing was overwritten)"
            case .cannotWrite(let path, let reason): "cannot create \(path): \(reason)"
            }
        }
    }

    /// Whether `name` may name a new pack.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), !name.hasSuffix("-"), name.count <= 64 else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Creates `parent/name` with the scaffold's files; returns the pack's path.
    @discardableResult
    public static func create(name: String, in parent: String) throws(Failure) -> String {
        guard isValidName(name) else { throw .invalidName(name) }
        let root = (parent.hasSuffix("/") ? parent : parent + "/") + name
        // mkdir fails when anything is already there: never overwrite.
        if mkdir(root, 0o755) != 0 {
            if errno == EEXIST { throw .exists(root) }
            throw .cannotWrite(path: root, reason: String(cString: strerror(errno)))
        }
        for (relative, text) in files(name: name) {
            let path = root + "/" + relative
            let folder = (path as NSString).deletingLastPathComponent
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw .cannotWrite(path: folder, reason: "\(error)")
            }
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw .cannotWrite(path: path, reason: "the file could not be written")
            }
        }
        return root
    }

    /// The scaffold's files, relative to the pack's folder.
    public static func files(name: String) -> [(String, String)] {
        let policy = name.uppercased() + "-ELIG-01"
        let kpi = name.replacingOccurrences(of: "-", with: "_") + "_eligibility_rate"
        return [
            ("pack.lua", manifest(name)),
            ("policies.lua", policies(policy)),
            ("kpis.lua", kpis(kpi)),
            ("tests/basic_test.lua", test(policy: policy, kpi: kpi)),
            ("tests/fixtures/basic/encounters.csv", fixture),
            ("README.md", readme(name, policy: policy, kpi: kpi)),
        ]
    }

    static func manifest(_ name: String) -> String {
        """
        return {
          name = "\(name)",
          version = "0.1.0",
          summary = "Say in one sentence what \(name) checks.",
          -- Packs this one builds on, found on --pack-path, UPSTREAM_PACK_PATH or the shipped packs:
          -- requires = { "upstream-standard" },
          params = {
            eligibility_target = { default = 0.95, help = "Lowest acceptable share of encounters with eligibility verified" },
          },
        }

        """
    }

    static func policies(_ id: String) -> String {
        """
        -- Policies: checks whose failures make a claim not clean, each charged to the role where it starts.
        policy {
          id = "\(id)", title = "Eligibility verified before service",
          dataset = "encounters", role = "patient_access", staff = "registered_by", severity = "error",
          check = function(e)
            if not e.eligibility_verified_at then return "eligibility never verified" end
            if date.days(e.eligibility_verified_at, e.service_date) < 0 then
              return { message = "verified after service", code = "LATE" }
            end
          end,
        }

        """
    }

    static func kpis(_ id: String) -> String {
        """
        -- KPIs: formulas over the data, with an optional target.
        kpi {
          id = "\(id)", title = "Encounters with eligibility verified", unit = "percent",
          target = { at_least = param("eligibility_target") },
          numerator = count("encounters", { eligibility_verified_at = present() }),
          denominator = count("encounters"),
        }

        """
    }

    static func test(policy: String, kpi: String) -> String {
        """
        -- Pack tests: every global function named test_* is a test; run them with `upstream test`.
        -- upstream.run{ … } runs the pack as `upstream run` would and returns the JSON report as a table.

        local function find(list, id)
          for _, item in ipairs(list) do
            if item.id == id then return item end
          end
        end

        function test_fixture_finds_unverified_encounters()
          local report = upstream.run{ data = "fixtures/basic", as_of = "2025-01-31" }
          local policy = find(report.policies, "\(policy)")
          expect_eq(policy.evaluated, 3)
          expect_eq(policy.failed, 2, "one never verified, one verified after service")
          local kpi = find(report.kpis, "\(kpi)")
          expect_near(kpi.value, 2 / 3, 1e-9)
          expect_eq(kpi.met, false)
        end

        function test_inline_verified_encounter_passes()
          local report = upstream.run{
            data = { encounters = {
              { encounter_id = "E1", patient_id = "P1", service_date = "2025-01-02", eligibility_verified_at = "2025-01-01T09:00:00" },
            } },
            params = { eligibility_target = 0.9 },
          }
          expect_eq(find(report.policies, "\(policy)").failed, 0)
          expect_true(find(report.kpis, "\(kpi)").met, "one verified encounter meets a 90% target")
        end

        """
    }

    static let fixture = """
        encounter_id,patient_id,service_date,registered_by,eligibility_verified_at
        E1,P1,2025-01-06,S1,2025-01-03T10:00:00
        E2,P2,2025-01-13,S1,
        E3,P3,2025-01-20,S2,2025-01-21T08:30:00

        """

    static func readme(_ name: String, policy: String, kpi: String) -> String {
        """
        # \(name)

        A pack made by `upstream pack new`. It lints clean and its test passes; now make it yours.

        ## What to edit next

        1. `pack.lua`: write the `summary`, raise `version` as you change the pack, declare the
           params your definitions read. To build on the shipped standard pack, add
           `requires = { "upstream-standard" }` (it is found on `--pack-path`,
           `UPSTREAM_PACK_PATH` or the shipped packs).
        2. `policies.lua`: `\(policy)` is an example check on encounters. Add the checks whose
           failures make your claims not clean; each names its dataset, role and, where the data
           has it, the staff field of the person responsible.
        3. `kpis.lua`: `\(kpi)` is an example rate with a target. Add your KPIs.
        4. Thresholds (`threshold { role = …, skill = …, at_least = … }`) and denial attribution
           (`attribution { carc = { … } }`) go in more scripts beside these; see docs/packs.md.
        5. `tests/basic_test.lua` and `tests/fixtures/basic/`: keep one test per behaviour you
           care about; `upstream test --coverage \(name)` lists definitions no test exercised.

        ## Commands

        ```
        upstream lint \(name)
        upstream test \(name)
        upstream run --pack \(name) --data exports/
        ```

        """
    }
}
