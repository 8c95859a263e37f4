package hello;

import API.servlet.annotation.WebServlet;
import API.servlet.http.HttpServlet;
import API.servlet.http.HttpServletRequest;
import API.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The war sample, at the context root only (other paths: the container's default servlet); the test that builds it puts javax or jakarta in place of API. */
@WebServlet("")
public class Hello extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().print("hello from " + getServletContext().getServerInfo() + " (API.servlet)\n");
    }
}
