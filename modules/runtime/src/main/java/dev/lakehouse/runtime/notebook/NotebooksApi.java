package dev.lakehouse.runtime.notebook;

import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.api.ApiExchange;
import dev.lakehouse.runtime.api.HttpError;
import dev.lakehouse.runtime.api.Router;

import java.util.Map;

/**
 * The notebooks' routes of the control API: list, read, save (PUT, whole notebook), delete, export as {@code .ipynb},
 * and Markdown rendered for a cell. Running a cell is {@code POST /api/sql}, as on the SQL page: a notebook is a file
 * of statements, not a second way to run them.
 */
public final class NotebooksApi {
    private static final String IPYNB = ".ipynb";

    private final NotebookStore store;

    private NotebooksApi(NotebookStore store) {
        this.store = store;
    }

    /** Adds the routes to the control API's router, for the notebooks under {@code <data-dir>/notebooks}. */
    public static void addRoutes(Router router, Lakehouse lakehouse) {
        NotebooksApi api = new NotebooksApi(new NotebookStore(lakehouse.dataDir().resolve("notebooks")));
        router.get("/api/notebooks", exchange -> exchange.json(200, api.store.list()))
                .get("/api/notebooks/{name}", api::read)
                .put("/api/notebooks/{name}", api::save)
                .delete("/api/notebooks/{name}", api::delete)
                .post("/api/markdown", NotebooksApi::markdown);
    }

    /** The notebook; {@code NAME.ipynb} or {@code ?format=ipynb}: the nbformat 4 export, as a file to download. */
    private void read(ApiExchange exchange) throws Exception {
        String name = exchange.path("name");
        String format = exchange.query("format").orElse("json");
        if (name.endsWith(IPYNB)) {
            name = name.substring(0, name.length() - IPYNB.length());
            format = "ipynb";
        }
        if (!format.equals("json") && !format.equals("ipynb")) {
            throw HttpError.badRequest("format must be json or ipynb, not " + format);
        }
        Notebook notebook = store.read(name);
        if (format.equals("json")) {
            exchange.json(200, notebook);
        } else {
            exchange.header("Content-Disposition", "attachment; filename=\"" + name + IPYNB + "\"");
            exchange.json(200, IpynbExport.of(name, notebook));
        }
    }

    private void save(ApiExchange exchange) throws Exception {
        String name = NotebookStore.checkName(exchange.path("name"));
        boolean created = store.write(name, NotebookStore.parse(exchange.rawBody().readAllBytes()));
        exchange.json(created ? 201 : 200, Map.of("name", name, "saved", store.modified(name).map(Object::toString).orElse("")));
    }

    private void delete(ApiExchange exchange) throws Exception {
        store.delete(exchange.path("name"));
        exchange.json(200, Map.of("deleted", exchange.path("name")));
    }

    private static void markdown(ApiExchange exchange) throws Exception {
        Object source = exchange.body().get("source");
        if (!(source instanceof String text)) {
            throw HttpError.badRequest("the request needs \"source\", the Markdown as a string");
        }
        exchange.json(200, Map.of("html", MarkdownHtml.render(text)));
    }
}
