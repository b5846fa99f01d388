// Validates FHIR R4 JSON resources with HL7's reference validator (HAPI FHIR's
// FhirInstanceValidator with the R4 core definitions and terminology).
//
//   java -cp "$(cat classpath.txt)" ValidateBundles.java [--definitions BUNDLE.json]
//        [--allow-warning REGEX]... PATH...
//
// --definitions loads homeward's own CodeSystems (hw_fhir_definitions /
// homeward.fhir_definitions()) so that every code homeward writes is checked too.
// PATH is a .json file or a folder of them. Prints every error and warning with its
// location; exits 1 when any resource has an error, or a warning that no
// --allow-warning pattern accepts (each accepted pattern is documented in docs/fhir.md).
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;

public class ValidateBundles {
  public static void main(String[] args) throws Exception {
    List<Pattern> allowed = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    Path definitions = null;
    for (int i = 0; i < args.length; ++i) {
      if (args[i].equals("--definitions") && i + 1 < args.length) {
        definitions = Path.of(args[++i]);
        continue;
      }
      if (args[i].equals("--allow-warning") && i + 1 < args.length) {
        allowed.add(Pattern.compile(args[++i]));
        continue;
      }
      Path p = Path.of(args[i]);
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
        }
      } else {
        files.add(p);
      }
    }
    if (files.isEmpty()) {
      System.err.println("ValidateBundles: no .json files given");
      System.exit(2);
    }
    FhirContext ctx = FhirContext.forR4();
    PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(ctx);
    if (definitions != null) {
      Bundle defs = ctx.newJsonParser().parseResource(Bundle.class,
          Files.readString(definitions, StandardCharsets.UTF_8));
      for (Bundle.BundleEntryComponent e : defs.getEntry()) {
        if (e.getResource() instanceof CodeSystem) own.addCodeSystem((CodeSystem) e.getResource());
      }
    }
    ValidationSupportChain chain = new ValidationSupportChain(
        own,
        new DefaultProfileValidationSupport(ctx),
        new CommonCodeSystemsTerminologyService(ctx),
        new InMemoryTerminologyServerValidationSupport(ctx),
        new SnapshotGeneratingValidationSupport(ctx));
    FhirInstanceValidator instance = new FhirInstanceValidator(chain);
    // No terminology server here: codes of external systems (MHSDS, NHS Data Dictionary)
    // cannot be checked, and the validator must not try to reach one.
    instance.setNoTerminologyChecks(false);
    FhirValidator validator = ctx.newValidator().registerValidatorModule(instance);

    int errors = 0, warnings = 0, accepted = 0, resources = 0;
    for (Path f : files) {
      String text = Files.readString(f, StandardCharsets.UTF_8);
      ValidationResult result = validator.validateWithResult(text);
      ++resources;
      for (SingleValidationMessage m : result.getMessages()) {
        ResultSeverityEnum sev = m.getSeverity();
        String line = f.getFileName() + ": " + sev + " " + m.getLocationString() + ": " + m.getMessage();
        if (sev == ResultSeverityEnum.ERROR || sev == ResultSeverityEnum.FATAL) {
          ++errors;
          System.out.println(line);
        } else if (sev == ResultSeverityEnum.WARNING) {
          boolean ok = false;
          for (Pattern a : allowed) ok |= a.matcher(m.getMessage()).find();
          if (ok) {
            ++accepted;
          } else {
            ++warnings;
            System.out.println(line);
          }
        }
      }
    }
    System.out.printf("validated %d files: %d errors, %d warnings, %d accepted warnings%n",
        resources, errors, warnings, accepted);
    System.exit(errors > 0 || warnings > 0 ? 1 : 0);
  }
}
