package dev.paas.pushrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldRulesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"256M, 256M", "256MB, 256M", "1g, 1G", "1024M, 1G", "' 2 GB ', 2G", "64M, 64M", "8G, 8G", "1536m, 1536M"})
    void memorySizes(String text, String canonical) {
        assertThat(ByteSize.memory(text).size()).hasValueSatisfying(s -> assertThat(s.toString()).isEqualTo(canonical));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "12 parsecs|'12 parsecs' is not a size; write a whole number with M or G, such as 256M or 1G",
            "512|'512' is not a size",
            "1.5G|'1.5G' is not a size",
            "63M|'63M' is out of range; choose between 64M and 8G",
            "9G|'9G' is out of range",
            "\"\"|must not be empty"})
    void badMemorySizes(String text, String error) {
        ByteSize.Result r = ByteSize.memory(text);
        assertThat(r.size()).isEmpty();
        assertThat(r.error()).startsWith(error);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"hello, true", "my-app-2, true", "a, true", "My-App, false", "my app, false", "-app, false",
            "app-, false", "app_1, false"})
    void appNames(String name, boolean valid) {
        assertThat(Names.dnsLabelProblem(name).isEmpty()).isEqualTo(valid);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"GREETING, true", "_x1, true", "1X, false", "A-B, false", "PORT, false", "PAAS_TOKEN, false",
            "VCAP_SERVICES, false"})
    void envNames(String name, boolean valid) {
        assertThat(Names.envNameProblem(name).isEmpty()).isEqualTo(valid);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"hello.localhost, hello.localhost, ''", "Shop.LocalHost/api, shop.localhost, /api",
            "https://a.b.c/x/y, a.b.c, /x/y", "a.localhost/, a.localhost, ''"})
    void routes(String text, String host, String path) {
        assertThat(RouteAddress.parse(text)).isEqualTo(new RouteAddress(host, path));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "hello|'hello' needs a domain, e.g. hello.localhost",
            "he llo.localhost|'he llo.localhost' is not a host name",
            "a.localhost/x/../y|'/x/../y' must be a path",
            "a.localhost/x/|'/x/' must be a path"})
    void badRoutes(String text, String error) {
        assertThatThrownBy(() -> RouteAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(error);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"512M, 512M", "512MB, 512M", "1G, 1G", "1GB, 1G", "512m, 512M", "1gb, 1G", "64M, 64M", "32G, 32G"})
    void diskSizes(String text, String canonical) {
        assertThat(ByteSize.disk(text).orThrow().toString()).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "1T|'1T' is not a size; write a whole number with M or G, such as 256M or 1G",
            "1024|'1024' is not a size; write a whole number with M or G, such as 256M or 1G",
            "1,5G|'1,5G' is not a size; write a whole number with M or G, such as 256M or 1G",
            "-1G|'-1G' is not a size; write a whole number with M or G, such as 256M or 1G",
            "63M|'63M' is out of range; choose between 64M and 32G",
            "33G|'33G' is out of range; choose between 64M and 32G",
            "\"\"|must not be empty; write a size such as 256M or 1G"})
    void badDiskSizes(String text, String error) {
        ByteSize.Result r = ByteSize.disk(text);
        assertThat(r.size()).isEmpty();
        assertThat(r.error()).isEqualTo(error);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "cflinuxfs4|", "cflinuxfs3|",
            "cflinuxfs2|'cflinuxfs2' is not a stack paas has; use cflinuxfs4 or cflinuxfs3 (both mean paas's microVM images), or leave it out",
            "windows|'windows' is not a stack paas has; use cflinuxfs4 or cflinuxfs3 (both mean paas's microVM images), or leave it out"})
    void stacks(String stack, String error) {
        assertThat(Stacks.problem(stack).orElse(null)).isEqualTo(error);
    }
}
