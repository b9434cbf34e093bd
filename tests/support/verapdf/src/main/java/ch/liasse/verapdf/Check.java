package ch.liasse.verapdf;

import java.io.FileInputStream;
import java.io.InputStream;

import org.verapdf.core.EncryptedPdfException;
import org.verapdf.core.ModelParsingException;
import org.verapdf.core.ValidationException;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/**
 * Validates PDF files against one PDF/A flavour with veraPDF.
 *
 * <p>Usage: {@code Check FLAVOUR FILE...} (FLAVOUR as veraPDF names it: 2b, 1b, 3b...). Prints
 * one line per file, {@code PASS path} or {@code FAIL path}, then one indented line per failed
 * rule (clause, test number, message). Exits 0 when every file is compliant, 1 otherwise, 2 on
 * a file veraPDF cannot read.
 */
public final class Check {

    private Check() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Check FLAVOUR FILE...");
            System.exit(2);
        }
        VeraGreenfieldFoundryProvider.initialise();
        PDFAFlavour flavour = PDFAFlavour.fromString(args[0]);
        int status = 0;
        for (int i = 1; i < args.length; i++) {
            try {
                status = Math.max(status, check(args[i], flavour) ? 0 : 1);
            } catch (ModelParsingException | EncryptedPdfException | ValidationException e) {
                System.out.println("ERROR " + args[i] + ": " + e.getMessage());
                status = 2;
            }
        }
        System.out.flush();
        System.exit(status);
    }

    private static boolean check(String path, PDFAFlavour flavour) throws Exception {
        try (InputStream in = new FileInputStream(path);
             PDFAParser parser = Foundries.defaultInstance().createParser(in, flavour);
             PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false)) {
            ValidationResult result = validator.validate(parser);
            System.out.println((result.isCompliant() ? "PASS " : "FAIL ") + path);
            for (TestAssertion assertion : result.getTestAssertions()) {
                if (assertion.getStatus() == TestAssertion.Status.FAILED) {
                    System.out.println("  " + assertion.getRuleId().getClause() + "-"
                            + assertion.getRuleId().getTestNumber() + ": " + assertion.getMessage());
                }
            }
            return result.isCompliant();
        }
    }
}
