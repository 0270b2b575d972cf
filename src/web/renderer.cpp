#include "web/renderer.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <kainjow/mustache.hpp>

namespace pt::web {

namespace mstch = kainjow::mustache;

struct Renderer::Compiled {
    std::map<std::string, mstch::mustache> templates;
    // {"t": catalog, "lang": code, "lang_<code>": true} per language, converted once: pushed
    // under each page's own data by pointer, so the catalog is never copied per request.
    std::map<std::string, mstch::data> language_layers;
};

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

mstch::data to_data(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::object: {
            mstch::data d{mstch::data::type::object};
            for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(it.value()));
            return d;
        }
        case nlohmann::json::value_t::array: {
            mstch::data d{mstch::data::type::list};
            for (const auto& v : j) d.push_back(to_data(v));
            return d;
        }
        case nlohmann::json::value_t::string:
            // An empty string is falsy, as in most mustache implementations, so {{#alert}}...
            // shows nothing for alert = "". As a variable it still renders as nothing.
            if (j.get_ref<const std::string&>().empty()) return mstch::data{mstch::data::type::bool_false};
            return mstch::data{j.get_ref<const std::string&>()};
        case nlohmann::json::value_t::boolean:
            return j.get<bool>() ? mstch::data{mstch::data::type::bool_true} : mstch::data{mstch::data::type::bool_false};
        case nlohmann::json::value_t::null: return mstch::data{mstch::data::type::bool_false};
        default: return mstch::data{j.dump()};
    }
}

// {"order.accepted": "..."} -> {"order": {"accepted": "..."}} so templates write {{t.order.accepted}}.
nlohmann::json nest(const nlohmann::json& flat) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = flat.begin(); it != flat.end(); ++it) {
        nlohmann::json* node = &out;
        std::string key = it.key();
        std::size_t start = 0, dot;
        while ((dot = key.find('.', start)) != std::string::npos) {
            node = &(*node)[key.substr(start, dot - start)];
            start = dot + 1;
        }
        (*node)[key.substr(start)] = it.value();
    }
    return out;
}

}  // namespace

Renderer::Renderer(const std::filesystem::path& templates_dir, const std::filesystem::path& i18n_dir) {
    for (const auto& e : std::filesystem::directory_iterator(templates_dir)) {
        if (e.path().extension() != ".mustache") continue;
        auto name = e.path().stem().string();
        sources_[name] = read_file(e.path());
        mstch::mustache check{sources_[name]};
        if (!check.is_valid())
            throw std::runtime_error("template " + e.path().string() + ": " + check.error_message());
    }
    // "fi.json" and "fi.<part>.json" (one part per context) merge into the "fi" catalog; a key
    // defined twice is an error, so two contexts cannot silently override each other.
    for (const auto& e : std::filesystem::directory_iterator(i18n_dir)) {
        if (e.path().extension() != ".json") continue;
        auto parsed = nlohmann::json::parse(read_file(e.path()), nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object())
            throw std::runtime_error("message catalog " + e.path().string() + " is not a JSON object");
        auto stem = e.path().stem().string();
        auto lang = stem.substr(0, stem.find('.'));
        auto& catalog = catalogs_[lang];
        if (catalog.is_null()) catalog = nlohmann::json::object();
        for (auto it = parsed.begin(); it != parsed.end(); ++it) {
            if (catalog.contains(it.key()))
                throw std::runtime_error("message catalog " + e.path().string() + ": key " + it.key() +
                                         " is defined twice");
            catalog[it.key()] = it.value();
        }
    }
    for (const auto& [lang, catalog] : catalogs_) nested_[lang] = nest(catalog);
    if (!sources_.count("layout")) throw std::runtime_error("templates/layout.mustache is missing");
    if (!catalogs_.count("fi")) throw std::runtime_error("i18n/fi.json is missing");
}

Renderer::~Renderer() = default;

Renderer::Compiled& Renderer::compiled_for_this_thread() const {
    std::lock_guard lock(mu_);
    auto& slot = per_thread_[std::this_thread::get_id()];
    if (!slot) {
        slot = std::make_unique<Compiled>();
        for (const auto& [name, src] : sources_) slot->templates.emplace(name, mstch::mustache{src});
        for (const auto& [lang, nested] : nested_) {
            mstch::data layer{mstch::data::type::object};
            layer.set("t", to_data(nested));
            layer.set("lang", lang);
            layer.set("lang_" + lang, mstch::data{mstch::data::type::bool_true});
            slot->language_layers.emplace(lang, std::move(layer));
        }
    }
    return *slot;
}

namespace {

std::string render_one(std::map<std::string, mstch::mustache>& templates, const std::string& name,
                       mstch::context<std::string>& ctx) {
    auto it = templates.find(name);
    if (it == templates.end()) throw std::runtime_error("no template named " + name);
    auto out = it->second.render(ctx);
    if (!it->second.is_valid()) throw std::runtime_error("template " + name + ": " + it->second.error_message());
    return out;
}

}  // namespace

std::string Renderer::fragment(const std::string& name, nlohmann::json ctx, const std::string& lang) const {
    return page_or_fragment(name, ctx, lang, false);
}

std::string Renderer::page(const std::string& page, nlohmann::json ctx, const std::string& lang) const {
    return page_or_fragment(page, ctx, lang, true);
}

std::string Renderer::page_or_fragment(const std::string& name, const nlohmann::json& ctx, const std::string& lang,
                                       bool with_layout) const {
    auto& compiled = compiled_for_this_thread();
    auto layer = compiled.language_layers.find(lang);
    if (layer == compiled.language_layers.end()) layer = compiled.language_layers.find("fi");
    auto data = to_data(ctx);
    mstch::context<std::string> stack(&layer->second);
    stack.push(&data);
    auto body = render_one(compiled.templates, name, stack);
    if (!with_layout) return body;
    data.set("content", body);
    return render_one(compiled.templates, "layout", stack);
}

std::string Renderer::text_fragment(const std::string& name, nlohmann::json ctx, const std::string& lang) const {
    auto& compiled = compiled_for_this_thread();
    auto tmpl = compiled.templates.find(name);
    if (tmpl == compiled.templates.end()) throw std::runtime_error("no template named " + name);
    // The per-thread copy is switched to "no escaping" only while this call renders.
    struct Restore {
        mstch::mustache& m;
        ~Restore() { m.set_custom_escape(mstch::html_escape<std::string>); }
    } restore{tmpl->second};
    tmpl->second.set_custom_escape([](const std::string& s) { return s; });
    auto layer = compiled.language_layers.find(lang);
    if (layer == compiled.language_layers.end()) layer = compiled.language_layers.find("fi");
    auto data = to_data(ctx);
    mstch::context<std::string> stack(&layer->second);
    stack.push(&data);
    return render_one(compiled.templates, name, stack);
}

std::string Renderer::render_text(const std::string& source, nlohmann::json ctx, const std::string& lang) const {
    auto& compiled = compiled_for_this_thread();
    auto layer = compiled.language_layers.find(lang);
    if (layer == compiled.language_layers.end()) layer = compiled.language_layers.find("fi");
    mstch::mustache tmpl{source};
    if (!tmpl.is_valid()) throw std::runtime_error("text template: " + tmpl.error_message());
    tmpl.set_custom_escape([](const std::string& s) { return s; });
    auto data = to_data(ctx);
    mstch::context<std::string> stack(&layer->second);
    stack.push(&data);
    auto out = tmpl.render(stack);
    if (!tmpl.is_valid()) throw std::runtime_error("text template: " + tmpl.error_message());
    return out;
}

std::string Renderer::text(const std::string& lang, const std::string& key) const {
    auto cat = catalogs_.find(lang);
    if (cat == catalogs_.end()) cat = catalogs_.find("fi");
    auto it = cat->second.find(key);
    if (it == cat->second.end() || !it->is_string()) return key;
    return it->get<std::string>();
}

}  // namespace pt::web
