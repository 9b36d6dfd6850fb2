package dev.lakehouse.sourcedb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;

/**
 * The shop the source database holds on its first start: customers, products, orders and order items,
 * generated from a seed (the same seed, the same rows) with the problems real source systems have, so that
 * the silver layer has cleaning to do:
 * <ul>
 *   <li>duplicates: about 2% of customers exist twice, the same e-mail written differently;</li>
 *   <li>nulls: customers without a country, products without a category, orders without a date, order items
 *       without a product;</li>
 *   <li>bad values: country codes that are no country or in lower case, statuses in any case or unknown,
 *       prices and quantities of zero or below, orders of customers that do not exist;</li>
 *   <li>late updates: about 5% of orders changed status well after they were placed (updated_at later).</li>
 * </ul>
 * Every row has an updated_at, which incremental ingestion reads as its high-water mark.
 */
final class ShopData {
    static final List<String> COUNTRIES = List.of("US", "DE", "FR", "GB", "NL", "SE", "ES", "IT", "PL", "PT", "BR", "CA", "JP", "IN", "AU");
    static final List<String> CATEGORIES = List.of("books", "games", "garden", "kitchen", "music", "office", "sports", "toys");
    static final List<String> STATUSES = List.of("created", "paid", "shipped", "delivered", "cancelled");
    private static final LocalDateTime FIRST_ORDER = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final int ORDER_DAYS = 730;

    private final Random random;
    private final int orders;
    private final int customers;
    private final int products;

    ShopData(long seed, int orders) {
        this.random = new Random(seed);
        this.orders = orders;
        this.customers = Math.max(10, orders / 10);
        this.products = Math.max(10, orders / 200);
    }

    static void createSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE customers (customer_id BIGINT PRIMARY KEY, email VARCHAR(200), name VARCHAR(200), "
                    + "country VARCHAR(40), created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL)");
            statement.execute("CREATE TABLE products (product_id BIGINT PRIMARY KEY, name VARCHAR(200), category VARCHAR(40), "
                    + "price DECIMAL(10,2), updated_at TIMESTAMP NOT NULL)");
            statement.execute("CREATE TABLE orders (order_id BIGINT PRIMARY KEY, customer_id BIGINT, order_date DATE, "
                    + "status VARCHAR(20), updated_at TIMESTAMP NOT NULL)");
            statement.execute("CREATE TABLE order_items (order_id BIGINT NOT NULL, line_no INT NOT NULL, product_id BIGINT, "
                    + "quantity INT, unit_price DECIMAL(10,2), updated_at TIMESTAMP NOT NULL, PRIMARY KEY (order_id, line_no))");
        }
    }

    void insert(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        insertCustomers(connection);
        double[] prices = insertProducts(connection);
        insertOrders(connection, prices);
        connection.commit();
        connection.setAutoCommit(true);
    }

    private void insertCustomers(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)")) {
            int duplicates = customers / 50;
            for (long id = 1; id <= customers + duplicates; id++) {
                long person = id <= customers ? id : 1 + random.nextInt(customers);
                String email = "customer" + person + "@example.com";
                if (id > customers) {
                    // the same person again, typed differently
                    email = random.nextBoolean() ? email.toUpperCase() : "  " + email + " ";
                }
                LocalDateTime created = FIRST_ORDER.minusDays(random.nextInt(365)).plusMinutes(random.nextInt(1440));
                insert.setLong(1, id);
                insert.setString(2, email);
                insert.setString(3, "Customer " + person);
                insert.setString(4, country());
                insert.setTimestamp(5, Timestamp.valueOf(created));
                insert.setTimestamp(6, Timestamp.valueOf(created));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private String country() {
        int roll = random.nextInt(100);
        String country = COUNTRIES.get(random.nextInt(COUNTRIES.size()));
        if (roll < 3) {
            return null;
        }
        if (roll < 5) {
            return List.of("XX", "Germany", "??").get(random.nextInt(3));
        }
        return roll < 10 ? country.toLowerCase() : country;
    }

    private double[] insertProducts(Connection connection) throws SQLException {
        double[] prices = new double[products + 1];
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO products VALUES (?, ?, ?, ?, ?)")) {
            for (int id = 1; id <= products; id++) {
                prices[id] = random.nextInt(100) == 0 ? 0 : Math.round((2 + random.nextDouble() * 300) * 100) / 100.0;
                insert.setLong(1, id);
                insert.setString(2, "Product " + id);
                insert.setString(3, random.nextInt(100) < 3 ? null : CATEGORIES.get(random.nextInt(CATEGORIES.size())));
                insert.setBigDecimal(4, java.math.BigDecimal.valueOf(prices[id]).setScale(2, java.math.RoundingMode.HALF_UP));
                insert.setTimestamp(5, Timestamp.valueOf(FIRST_ORDER.minusDays(30)));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return prices;
    }

    private void insertOrders(Connection connection, double[] prices) throws SQLException {
        try (PreparedStatement order = connection.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?)");
             PreparedStatement item = connection.prepareStatement("INSERT INTO order_items VALUES (?, ?, ?, ?, ?, ?)")) {
            for (long id = 1; id <= orders; id++) {
                LocalDateTime placed = FIRST_ORDER.plusDays(random.nextInt(ORDER_DAYS)).plusMinutes(random.nextInt(1440));
                boolean lateUpdate = random.nextInt(100) < 5;
                LocalDateTime updated = lateUpdate ? placed.plusDays(20 + random.nextInt(60)) : placed.plusMinutes(5);
                order.setLong(1, id);
                order.setLong(2, random.nextInt(200) == 0 ? 900_000 + random.nextInt(1000) : 1 + random.nextInt(customers));
                order.setObject(3, random.nextInt(300) == 0 ? null : placed.toLocalDate());
                order.setString(4, status(lateUpdate));
                order.setTimestamp(5, Timestamp.valueOf(updated));
                order.addBatch();
                int lines = 1 + random.nextInt(4);
                for (int line = 1; line <= lines; line++) {
                    int product = 1 + random.nextInt(products);
                    item.setLong(1, id);
                    item.setInt(2, line);
                    item.setObject(3, random.nextInt(100) == 0 ? null : (long) product);
                    item.setInt(4, random.nextInt(200) == 0 ? -1 - random.nextInt(3) : 1 + random.nextInt(5));
                    double price = prices[product] > 0 ? prices[product] : 9.99;
                    item.setBigDecimal(5, java.math.BigDecimal.valueOf(price).setScale(2, java.math.RoundingMode.HALF_UP));
                    item.setTimestamp(6, Timestamp.valueOf(placed.plusMinutes(1)));
                    item.addBatch();
                }
                if (id % 5000 == 0) {
                    order.executeBatch();
                    item.executeBatch();
                }
            }
            order.executeBatch();
            item.executeBatch();
        }
    }

    private String status(boolean lateUpdate) {
        String status = lateUpdate ? STATUSES.get(2 + random.nextInt(3)) : STATUSES.get(random.nextInt(STATUSES.size()));
        int roll = random.nextInt(200);
        if (roll == 0) {
            return "lost??";
        }
        return roll < 20 ? (roll % 2 == 0 ? status.toUpperCase() : Character.toUpperCase(status.charAt(0)) + status.substring(1)) : status;
    }
}
