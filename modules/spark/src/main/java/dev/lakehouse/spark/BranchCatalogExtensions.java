package dev.lakehouse.spark;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParameterContext;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;
import scala.runtime.BoxedUnit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes every Nessie branch a catalog of every session: {@code lakehouse_dev.shop.nations} reads branch dev
 * with no SET first. Spark knows a catalog only once {@code spark.sql.catalog.NAME} is set in the session, and
 * has no pattern for names, so a parser in front of Spark's (and Iceberg's) sets it for each lakehouse_NAME a
 * statement or a table name mentions, before Spark resolves anything. A name that is no branch fails when
 * used, with the catalog's own message.
 */
public final class BranchCatalogExtensions implements scala.Function1<SparkSessionExtensions, BoxedUnit> {
    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
        extensions.injectParser((session, delegate) -> new BranchCatalogParser(session, delegate));
        return BoxedUnit.UNIT;
    }

    /** Spark's parser, plus registering the branch catalogs a text names. */
    static final class BranchCatalogParser implements ParserInterface {
        private final SparkSession session;
        private final ParserInterface delegate;

        BranchCatalogParser(SparkSession session, ParserInterface delegate) {
            this.session = session;
            this.delegate = delegate;
        }

        /** {@code lakehouse_dev} or {@code `lakehouse_etl-20261130`}: the prefix is the default catalog's name. */
        static Pattern branchCatalogs(String defaultCatalog) {
            String prefix = Pattern.quote(defaultCatalog + "_");
            return Pattern.compile("`(" + prefix + "[^`]+)`|(?<![A-Za-z0-9_$])(" + prefix + "[A-Za-z0-9_]+)");
        }

        private void registerBranchCatalogs(String text) {
            LakehouseSparkCatalog.Settings settings = LakehouseSparkCatalog.settings();
            if (settings == null || text == null || !text.contains(settings.defaultCatalog() + "_")) {
                return;
            }
            Matcher matcher = branchCatalogs(settings.defaultCatalog()).matcher(text);
            while (matcher.find()) {
                String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                if (session.conf().getOption("spark.sql.catalog." + name).isEmpty()) {
                    LakehouseCatalogs.branchCatalogSettings(name, settings.branchOf(name)).forEach(session.conf()::set);
                }
            }
        }

        @Override
        public LogicalPlan parsePlan(String sqlText) throws ParseException {
            registerBranchCatalogs(sqlText);
            return delegate.parsePlan(sqlText);
        }

        @Override
        public LogicalPlan parsePlanWithParameters(String sqlText, ParameterContext parameters) throws ParseException {
            registerBranchCatalogs(sqlText);
            return delegate.parsePlanWithParameters(sqlText, parameters);
        }

        @Override
        public LogicalPlan parseQuery(String sqlText) throws ParseException {
            registerBranchCatalogs(sqlText);
            return delegate.parseQuery(sqlText);
        }

        @Override
        public Seq<String> parseMultipartIdentifier(String sqlText) throws ParseException {
            registerBranchCatalogs(sqlText);
            return delegate.parseMultipartIdentifier(sqlText);
        }

        @Override
        public TableIdentifier parseTableIdentifier(String sqlText) throws ParseException {
            registerBranchCatalogs(sqlText);
            return delegate.parseTableIdentifier(sqlText);
        }

        @Override
        public Expression parseExpression(String sqlText) throws ParseException {
            return delegate.parseExpression(sqlText);
        }

        @Override
        public FunctionIdentifier parseFunctionIdentifier(String sqlText) throws ParseException {
            return delegate.parseFunctionIdentifier(sqlText);
        }

        @Override
        public StructType parseRoutineParam(String sqlText) throws ParseException {
            return delegate.parseRoutineParam(sqlText);
        }

        @Override
        public StructType parseTableSchema(String sqlText) throws ParseException {
            return delegate.parseTableSchema(sqlText);
        }

        @Override
        public DataType parseDataType(String sqlText) throws ParseException {
            return delegate.parseDataType(sqlText);
        }
    }
}
