package io.tearline.store.accumulo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.accumulo.core.client.Accumulo;
import org.apache.accumulo.core.client.AccumuloClient;
import org.apache.accumulo.core.client.BatchWriter;
import org.apache.accumulo.core.client.MutationsRejectedException;
import org.apache.accumulo.core.client.Scanner;
import org.apache.accumulo.core.client.security.tokens.PasswordToken;
import org.apache.accumulo.core.data.Mutation;
import org.apache.accumulo.core.security.Authorizations;
import org.apache.accumulo.core.security.ColumnVisibility;
import org.apache.accumulo.core.security.TablePermission;
import org.junit.jupiter.api.Test;

/** The VisibilityConstraint on the store's tables: nobody writes a cell they could not read. */
class ConstraintTest {

    @Test
    void aWriterCannotWriteWhatItsAuthorizationsCannotReadAndCanWriteWhatTheyCan() throws Exception {
        try (AccumuloClient root = TestAccumulo.rootClient()) {
            AccumuloReports store = new AccumuloReports(root, TestAccumulo.freshPrefix("constraint"), Corpus.MARKINGS,
                    Corpus.COMPILER, 2);
            store.createTables();
            String table = store.tables().get(0);
            String user = "writer" + System.nanoTime();
            root.securityOperations().createLocalUser(user, new PasswordToken("pw"));
            root.securityOperations().changeUserAuthorizations(user, new Authorizations("CLR:U", "CLR:C", "NAT:JPN"));
            root.securityOperations().grantTablePermission(user, table, TablePermission.WRITE);
            root.securityOperations().grantTablePermission(user, table, TablePermission.READ);
            try (AccumuloClient writer = Accumulo.newClient().from(TestAccumulo.cluster().clientProperties()).as(user, "pw").build()) {
                assertThatThrownBy(() -> write(writer, table, "r1", "CLR:S&NAT:JPN"))
                        .isInstanceOf(MutationsRejectedException.class)
                        .satisfies(e -> assertThat(((MutationsRejectedException) e).getConstraintViolationSummaries()).isNotEmpty());
                assertThatThrownBy(() -> write(writer, table, "r2", "CLR:C&(NAT:USA|\"TET:FVEY\")"))
                        .isInstanceOf(MutationsRejectedException.class);
                write(writer, table, "r3", "CLR:C&(NAT:USA|NAT:JPN)");
                write(writer, table, "r4", "CLR:U");
                try (Scanner s = writer.createScanner(table, new Authorizations("CLR:U", "CLR:C", "NAT:JPN"))) {
                    assertThat(s.stream().map(e -> e.getKey().getRow().toString()).toList()).containsExactly("r3", "r4");
                }
            }
            assertThat(root.tableOperations().listConstraints(table)).containsKey(
                    org.apache.accumulo.core.data.constraints.VisibilityConstraint.class.getName());
            for (String t : store.tables()) {
                assertThat(root.tableOperations().listConstraints(t)).as(t).containsKey(
                        org.apache.accumulo.core.data.constraints.VisibilityConstraint.class.getName());
            }
        }
    }

    private static void write(AccumuloClient client, String table, String row, String visibility) throws Exception {
        try (BatchWriter w = client.createBatchWriter(table)) {
            Mutation m = new Mutation(row);
            m.put("f", "q", new ColumnVisibility(visibility), "v");
            w.addMutation(m);
        }
    }
}
