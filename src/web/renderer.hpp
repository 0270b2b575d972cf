#pragma once
// Server-side HTML: mustache templates from templates/, UI text from i18n/<lang>.json.
// Templates are parsed once at start-up; each thread renders with its own parsed copy
// because kainjow's renderer keeps state while rendering.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace pt::web {

class Renderer {
public:
    // Loads every templates/*.mustache and i18n/*.json; throws std::runtime_error naming the
    // file when a template does not parse or a catalog is not JSON.
    Renderer(const std::filesystem::path& templates_dir, const std::filesystem::path& i18n_dir);
    ~Renderer();

    // Renders templates/<page>.mustache into templates/layout.mustache. Templates also see "t"
    // (the message catalog of lang), "lang" and "lang_<code>".
    std::string page(const std::string& page, nlohmann::json ctx, const std::string& lang) const;
    // Renders one template without the layout (htmx fragments, e-mails).
    std::string fragment(const std::string& name, nlohmann::json ctx, const std::string& lang) const;
    // Plain text (e-mail): like fragment(), and render_text() for a template given as a string
    // (a translated subject), but with no HTML escaping, so "&" stays "&".
    std::string text_fragment(const std::string& name, nlohmann::json ctx, const std::string& lang) const;
    std::string render_text(const std::string& source, nlohmann::json ctx, const std::string& lang) const;
    bool has_template(const std::string& name) const { return sources_.count(name) > 0; }
    // A UI text by key ("order.accepted"); the key itself when missing, so gaps are visible.
    std::string text(const std::string& lang, const std::string& key) const;
    bool has_language(const std::string& lang) const { return catalogs_.count(lang) > 0; }

private:
    struct Compiled;
    Compiled& compiled_for_this_thread() const;
    std::string page_or_fragment(const std::string& name, const nlohmann::json& ctx, const std::string& lang,
                                 bool with_layout) const;

    std::map<std::string, std::string> sources_;        // template name -> text
    std::map<std::string, nlohmann::json> catalogs_;     // lang -> flat key/value messages
    std::map<std::string, nlohmann::json> nested_;       // lang -> messages nested by dots, for {{t.x.y}}
    mutable std::mutex mu_;
    mutable std::unordered_map<std::thread::id, std::unique_ptr<Compiled>> per_thread_;
};

}  // namespace pt::web
