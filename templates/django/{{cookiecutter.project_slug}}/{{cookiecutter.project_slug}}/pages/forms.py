"""How forms render: through the project's own templates, templates/forms/."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """A form renders as forms/form.html: errors about the whole form first, then each field
    as forms/field.html (its label above it, its errors right below it, then its help text)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
